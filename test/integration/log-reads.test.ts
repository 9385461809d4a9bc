/**
 * Log reads answered without dockerd (vm/host/log-reads.ts), with dockerd as the oracle: every query of
 * the corpus (test/harness/log-reads-corpus.ts) asked through Berth's socket and straight to dockerd must
 * get the same status, headers and bytes, on a kept-alive connection too, and `docker logs` must print the
 * same. In the vm-engine project the socket is Berth's own for its VM (the guest's relay reads the files);
 * on the host engine the same relay and Berth's socket code stand in front of the private engine.
 */
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { answerLogReads } from '../../vm/host/log-reads';
import { startHostRelay } from '../harness/api-relay';
import type { HostRelay } from '../harness/api-relay';
import { engineClient, runDocker } from '../harness/engine';
import { BUSYBOX_IMAGE } from '../harness/image';
import { BYPASS, cliBothWays, compareLogQueries, keptAliveSequence, logQueries, makeLogContainers } from '../harness/log-reads-corpus';

const prefix = `lr-${process.pid}`;
let socket: string;
let relay: HostRelay | undefined;
let proxy: net.Server | undefined;
let names: string[] = [];

beforeAll(async () => {
  const engineSocket = inject('engineSocket');
  socket = engineSocket;
  if (!inject('engineIsBerthVm')) {
    relay = await startHostRelay(engineSocket, path.join(path.dirname(engineSocket), 'data'));
    const handle = answerLogReads(relay.channel);
    socket = path.join(relay.dir, 'berth.sock');
    proxy = net.createServer({ allowHalfOpen: true }, (local) => handle(local));
    await new Promise<void>((r) => proxy!.listen(socket, () => r()));
  }
  names = await makeLogContainers(engineClient(engineSocket), BUSYBOX_IMAGE, prefix);
});

afterAll(async () => {
  if (names.length) await engineClient(inject('engineSocket')).docker(['rm', '-f', ...names]);
  proxy?.close();
  relay?.close();
});

describe('log reads answered without dockerd', () => {
  it("answers the corpus's queries byte for byte as dockerd does (and leaves follow, details, errors and compressed logs to it)", async () => {
    const cases = await logQueries(socket, prefix);
    expect(cases.filter((c) => c.by === 'host').length).toBeGreaterThan(80);
    expect(await compareLogQueries(socket, cases)).toEqual([]);
  });

  it('answers log reads on a kept-alive connection between requests dockerd answers', async () => {
    const berth = await keptAliveSequence(socket, prefix);
    const dockerd = await keptAliveSequence(socket, prefix, BYPASS);
    expect(berth.sockets).toBe(1);
    expect(berth.bodies).toEqual(dockerd.bodies);
    expect(berth.bodies[1]).toContain('the last line without a newline');
    expect(berth.via).toEqual(['dockerd', 'host', 'dockerd', 'host', 'dockerd', 'host', 'dockerd']);
    expect(dockerd.via.every((v) => v === 'dockerd')).toBe(true);
  });

  it('prints with `docker logs` what dockerd does', async () => {
    for (const args of [[`${prefix}-mixed`], ['--tail', '5', '--timestamps', `${prefix}-mixed`], [`${prefix}-tty`], ['--tail', '30', `${prefix}-rotated`]]) {
      const { berth, dockerd } = await cliBothWays(socket, args);
      expect(berth).toBe(dockerd);
      expect(JSON.parse(berth).code).toBe(0);
    }
  });

  // In the VM the other vm-engine files (run-container, exec) drive attach and exec through this socket
  // already; under emulation this one would add ~10 s.
  it.skipIf(inject('engineIsBerthVm'))('leaves hijacked streams to dockerd: `docker run -i` gets its input, its end, and gives the output back', async () => {
    const run = await runDocker(socket, ['run', '--rm', '-i', BUSYBOX_IMAGE, 'sh', '-c', 'cat; echo done'], 'typed in\n');
    expect(run).toMatchObject({ code: 0, stdout: 'typed in\ndone\n' });
  });
});
