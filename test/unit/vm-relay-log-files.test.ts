/**
 * The relay's READ of containers' json-file logs (vm/guest/relay), compiled here and driven through Berth's
 * ApiChannel as in the VM: a container's log and its rotations are read, range by range, with their size
 * and inode; every other path is refused, however it is spelled or linked.
 */
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { ApiChannel, MAX_READ } from '../../vm/host/api-channel';
import { startHostRelay } from '../harness/api-relay';
import type { HostRelay } from '../harness/api-relay';

const EACCES = 13;
const ENOENT = 2;
const ELOOP = 40;
const EINVAL = 22;

let relay: HostRelay;
let root: string;
const id = 'a'.repeat(64);
const other = 'b'.repeat(64);
const log = () => `${root}/containers/${id}/${id}-json.log`;
const content = crypto.randomBytes(600_000);

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bvm-root-'));
  fs.mkdirSync(`${root}/containers/${id}`, { recursive: true });
  fs.mkdirSync(`${root}/containers/${other}`, { recursive: true });
  fs.writeFileSync(log(), content);
  fs.writeFileSync(`${log()}.1`, 'rotated\n');
  fs.writeFileSync(`${root}/containers/${id}/config.v2.json`, '{"secret":1}');
  fs.writeFileSync(`${root}/containers/${other}/${id}-json.log`, 'not this container\n');
  // A container folder that is a link to another one, and a log that is a link out of the data root.
  fs.symlinkSync(`${root}/containers/${id}`, `${root}/containers/${'c'.repeat(64)}`);
  fs.mkdirSync(`${root}/containers/${'d'.repeat(64)}`);
  fs.symlinkSync('/etc/passwd', `${root}/containers/${'d'.repeat(64)}/${'d'.repeat(64)}-json.log`);
  fs.mkdirSync(`${log()}.2`);
  execFileSync('mkfifo', [`${log()}.3`]);
  relay = await startHostRelay(path.join(root, 'no-dockerd.sock'), root);
}, 60_000);

afterAll(() => {
  relay?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("the API relay's log file reads", () => {
  it('announces the read, and reads a log in ranges with its size and inode', async () => {
    expect(relay.channel.canReadLogFiles).toBe(true);
    const inode = BigInt(fs.statSync(log()).ino);
    const parts: Buffer[] = [];
    for (let at = 0; at < content.length; at += MAX_READ) {
      const r = await relay.channel.readLogFile(log(), at, MAX_READ);
      expect(r).toMatchObject({ error: 0, size: content.length, inode });
      parts.push(r.data);
    }
    expect(Buffer.concat(parts).equals(content)).toBe(true);
    // More than one answer holds comes back as one answer's worth; past the end, nothing.
    expect((await relay.channel.readLogFile(log(), 0, 1 << 20)).data.length).toBe(MAX_READ);
    expect((await relay.channel.readLogFile(log(), content.length + 5, 100)).data.length).toBe(0);
    expect((await relay.channel.readLogFile(`${log()}.1`, 0, 100)).data.toString()).toBe('rotated\n');
  });

  it('reports a rotation that is not there as ENOENT', async () => {
    expect((await relay.channel.readLogFile(`${log()}.4`, 0, 10)).error).toBe(ENOENT);
  });

  it('refuses every path outside the pattern', async () => {
    const refused = [
      `${root}/containers/${id}/config.v2.json`,
      `${root}/containers/${id}/../${id}/${id}-json.log`,
      `${root}/containers/${other}/${id}-json.log`,
      `${root}/containers/${id.toUpperCase()}/${id.toUpperCase()}-json.log`,
      `${log()}.0`,
      `${log()}.01`,
      `${log()}.1/`,
      `${log()}x`,
      `${root}x/containers/${id}/${id}-json.log`,
      `${root}/containers/${id}//${id}-json.log`,
      '/etc/passwd',
      'containers/x',
      '',
    ];
    for (const p of refused) expect({ p, error: (await relay.channel.readLogFile(p, 0, 10)).error }).toEqual({ p, error: EACCES });
  });

  it('follows no symbolic link, and reads regular files only', async () => {
    const c = 'c'.repeat(64);
    const d = 'd'.repeat(64);
    expect((await relay.channel.readLogFile(`${root}/containers/${c}/${c}-json.log`, 0, 10)).error).not.toBe(0);
    expect((await relay.channel.readLogFile(`${root}/containers/${d}/${d}-json.log`, 0, 10)).error).toBe(ELOOP);
    expect((await relay.channel.readLogFile(`${log()}.2`, 0, 10)).error).toBe(EINVAL);
    expect((await relay.channel.readLogFile(`${log()}.3`, 0, 10)).error).toBe(EINVAL);
  });

  it('answers in step after refusals', async () => {
    const r = await relay.channel.readLogFile(log(), 10, 5);
    expect(r.data.equals(content.subarray(10, 15))).toBe(true);
  });

  it('leaves a relay that does not announce the read to dockerd (a guest built before it)', async () => {
    // A relay of before: it answers the greeting and nothing more.
    const sock = path.join(root, 'old-relay.sock');
    const old = net.createServer((c) => c.once('data', (hello: Buffer) => c.write(hello.subarray(0, 16))));
    await new Promise<void>((r) => old.listen(sock, () => r()));
    const channel = await ApiChannel.connect(sock, 5_000);
    try {
      expect(channel.canReadLogFiles).toBe(false);
      await expect(channel.readLogFile(log(), 0, 10)).rejects.toThrow();
    } finally {
      channel.close();
      old.close();
    }
  });
});
