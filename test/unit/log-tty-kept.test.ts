// A container's TTY is looked up once per container id (it cannot change, and ids are never reused), so the
// log search and page reads after the first do not wait for an inspect; names and services are asked each time.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { hasTty } from '../../engine/docker/log-feed';

const ID = 'ab'.repeat(32);
let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** An engine with one container (`ID`, named "web", with a TTY) and one service; counts the inspects. */
async function engine() {
  const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-tty-')), 'engine.sock');
  const asked: string[] = [];
  server = http.createServer((req, res) => {
    asked.push(req.url!.replace(/^\/v[\d.]+/, ''));
    res.setHeader('Content-Type', 'application/json');
    if (req.url!.includes('/services/')) return res.end(JSON.stringify({ ID: 'svc', Spec: { TaskTemplate: { ContainerSpec: { TTY: false } } } }));
    res.end(JSON.stringify({ Id: ID, Config: { Tty: true } }));
  });
  await new Promise<void>((r) => server!.listen(socketPath, r));
  return { docker: new Docker({ socketPath, version: 'v1.41' }), asked };
}

describe('a container’s TTY', () => {
  it('is inspected once for a full id, each time for a name or a service', async () => {
    const { docker, asked } = await engine();
    expect(await hasTty(docker, ID)).toBe(true);
    expect(await hasTty(docker, ID)).toBe(true);
    expect(await hasTty(docker, 'web')).toBe(true);
    expect(await hasTty(docker, 'web')).toBe(true);
    expect(await hasTty(docker, 'svc', 'service')).toBe(false);
    expect(await hasTty(docker, 'svc', 'service')).toBe(false);
    expect(asked).toEqual([`/containers/${ID}/json`, '/containers/web/json', '/containers/web/json', '/services/svc', '/services/svc']);
  });
});
