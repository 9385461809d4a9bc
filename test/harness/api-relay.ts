/**
 * The VM's API channel on the host, without a VM: the guest's relay (compiled here from vm/guest/relay, as
 * the guest build does) on one end of a socket, Berth's ApiChannel on the other, and a dockerd socket (a
 * stand-in, or a private engine with its data root, for log files) behind the relay.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ApiChannel } from '../../vm/host/api-channel';

export interface HostRelay {
  channel: ApiChannel;
  dir: string;
  close(): void;
}

export async function startHostRelay(dockerSocket: string, dataRoot?: string): Promise<HostRelay> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bvm-chan-'));
  const program = path.join(dir, 'berth-api-relay');
  execFileSync('gcc', ['-static', '-O2', '-Wall', '-o', program, path.resolve('vm/guest/relay/berth-api-relay.c')]);
  let relay: ChildProcess | undefined;
  // QEMU's end of the port, played by a unix socket whose accepted connection is the relay's standard input.
  const port = net.createServer((guestSide) => {
    relay = spawn(program, ['-', dockerSocket, ...(dataRoot ? [dataRoot] : [])], { stdio: [guestSide, 'inherit', 'inherit'] });
  });
  await new Promise<void>((r) => port.listen(path.join(dir, 'api.sock'), () => r()));
  const channel = await ApiChannel.connect(path.join(dir, 'api.sock'), 10_000);
  port.close();
  return {
    channel,
    dir,
    close: () => {
      channel.close();
      relay?.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
