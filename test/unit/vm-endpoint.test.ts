// Where the VM's engine is offered on the host: the unix socket here, and the Windows named pipe, whose
// naming and refusal to serve behind somebody else's pipe are what can be checked on Linux (the pipe
// itself has not been opened on Windows: see vm/host/endpoint.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineCandidates } from '../../engine/providers/discovery';
import { connectionOptions } from '../../engine/docker/endpoint';
import { hostEndpoint, pipeName } from '../../vm/host/endpoint';
import { startSocketProxy } from '../../vm/host/socket-proxy';
import { vmFiles, removeStaleFiles } from '../../vm/machine-files';

describe('the host endpoint of the VM’s engine', () => {
  it('is a unix socket in the runtime folder on Linux and macOS', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      expect(hostEndpoint('/run/user/1000/berth/vm', platform, 'ann')).toEqual({
        kind: 'socket',
        path: '/run/user/1000/berth/vm/docker.sock',
        dockerHost: 'unix:///run/user/1000/berth/vm/docker.sock',
      });
    }
  });

  it('is a named pipe per user on Windows, written as the docker CLI and Node each expect it', () => {
    const endpoint = hostEndpoint('C:\\Users\\Ann Lee\\AppData\\Local\\Berth\\vm', 'win32', 'Ann Lee');
    expect(endpoint).toEqual({ kind: 'pipe', path: '\\\\.\\pipe\\berth-engine-Ann_Lee', dockerHost: 'npipe:////./pipe/berth-engine-Ann_Lee' });
    // Berth's own client reaches the pipe through the same address it gives the CLI.
    expect(connectionOptions(endpoint.dockerHost)).toMatchObject({ socketPath: '//./pipe/berth-engine-Ann_Lee' });
    expect(pipeName('dom\\ann')).toBe('berth-engine-dom_ann');
    expect(pipeName('')).toBe('berth-engine-user');
  });

  it('is offered in the engine list under the VM’s name, and the `berth` context pointing at it is not listed twice', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bvm-ep-'));
    const host = 'npipe:////./pipe/berth-engine-ann';
    const meta = path.join(dir, 'contexts', 'meta', 'x', 'meta.json');
    fs.mkdirSync(path.dirname(meta), { recursive: true });
    fs.writeFileSync(meta, JSON.stringify({ Name: 'berth', Endpoints: { docker: { Host: host } } }));
    const list = engineCandidates({ managedSocket: '/tmp/m.sock', vmHost: host, env: { DOCKER_CONFIG: dir } });
    expect(list.filter((c) => c.host === host)).toEqual([expect.objectContaining({ id: 'vm', label: 'Berth’s Linux VM' })]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never serves behind a pipe somebody else made first, and says so (a unix path stands in for the pipe here)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bvm-ep-'));
    const taken = path.join(dir, 'pipe');
    fs.writeFileSync(taken, 'somebody else’s');
    await expect(startSocketProxy({ kind: 'pipe', path: taken, dockerHost: 'npipe:////./pipe/x' }, (local) => local.destroy())).rejects.toThrow(/Another program already serves the named pipe .*pipe, so Berth will not offer its engine there/);
    // It was left exactly as it was: a pipe is never removed to make room.
    expect(fs.readFileSync(taken, 'utf8')).toBe('somebody else’s');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('cleans up a crashed VM’s socket file, but has nothing to remove for a pipe', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bvm-ep-'));
    const unix = vmFiles(path.join(dir, 'd'), path.join(dir, 'r'), 'linux');
    fs.mkdirSync(unix.runDir, { recursive: true });
    fs.writeFileSync(unix.socket, '');
    expect(removeStaleFiles(unix)).toEqual(['docker.sock']);
    const pipe = vmFiles(path.join(dir, 'd'), path.join(dir, 'r'), 'win32');
    expect(pipe.endpoint.kind).toBe('pipe');
    expect(removeStaleFiles(pipe)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
