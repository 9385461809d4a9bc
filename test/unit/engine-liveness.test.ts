/**
 * The liveness watch against a small engine stand-in on a unix socket (a real HTTP server, so the real
 * dockerode and docker-modem run): a slow answer from a live engine is waited for, an engine that answers
 * nothing is declared not answering and its requests fail in words, and it is noticed when it is back.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineLiveness } from '../../engine/docker/liveness';

const timing = { slowRequestMs: 200, pingTimeoutMs: 300, recoveryPingMs: 100 };

let dir: string;
let server: http.Server;
let hung = false;
let listDelayMs = 0;
let pings = 0;
let docker: Docker;
let liveness: EngineLiveness;
const changes: boolean[] = [];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-liveness-'));
  hung = false;
  listDelayMs = 0;
  pings = 0;
  changes.length = 0;
  server = http.createServer((req, res) => {
    if (req.url?.endsWith('/_ping')) pings++;
    if (hung) return; // a stopped engine: the connection is taken, nothing comes back
    if (req.url?.endsWith('/_ping')) return res.end('OK');
    if (req.url?.includes('/events')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      return; // a stream that stays quiet
    }
    setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]'), listDelayMs);
  });
  await new Promise<void>((resolve) => server.listen(path.join(dir, 'engine.sock'), resolve));
  docker = new Docker({ socketPath: path.join(dir, 'engine.sock') });
  liveness = new EngineLiveness(docker, 'unix:///test/engine.sock', timing);
  liveness.on('change', (answering) => changes.push(answering));
});

afterEach(async () => {
  liveness.dispose();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the engine liveness watch', () => {
  it('waits for a slow answer from an engine that still answers /_ping', async () => {
    listDelayMs = 1000;
    await expect(docker.listContainers()).resolves.toEqual([]);
    // It asked whether the engine was there (once the request had waited 200 ms), and went on waiting.
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(changes).toEqual([]);
    expect(liveness.isAnswering).toBe(true);
  });

  it('fails the waiting request in words once a ping goes unanswered, fails new ones at once, and notices the engine back', async () => {
    hung = true;
    const started = Date.now();
    await expect(docker.listContainers()).rejects.toThrow(/^The engine at unix:\/\/\/test\/engine.sock is not answering \(nothing for \d+ s\): Berth stopped waiting/);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(timing.slowRequestMs + timing.pingTimeoutMs - 20);
    expect(waited).toBeLessThan(3000);
    expect(changes).toEqual([false]);
    const again = Date.now();
    await expect(docker.getVolume('x').remove()).rejects.toThrow(/Whether it did what was asked will show once it answers/);
    expect(Date.now() - again).toBeLessThan(100);

    hung = false;
    await expect.poll(() => changes, { timeout: 3000 }).toEqual([false, true]);
    await expect(docker.listContainers()).resolves.toEqual([]);
  });

  it('leaves a stream alone once the engine has answered it, however quiet it stays', async () => {
    const events = (await docker.getEvents()) as NodeJS.ReadableStream & { destroy(): void };
    let ended = false;
    events.on('close', () => (ended = true));
    await new Promise((r) => setTimeout(r, timing.slowRequestMs + timing.pingTimeoutMs + 200));
    expect(ended).toBe(false);
    // Nothing waits for the engine, so nothing asks it anything.
    expect(pings).toBe(0);
    expect(changes).toEqual([]);
    events.destroy();
  });
});
