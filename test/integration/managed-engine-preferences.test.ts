/**
 * The managed engine's preferences reach dockerd: a real dockerd, started by ManagedEngine with the
 * daemon.json it writes from the preferences. dockerd is reached through a wrapper that adds
 * --bridge=none --iptables=false, so the test leaves the machine's docker0 and firewall alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManagedEnginePreferences } from '../../engine/contract/preferences-types';
import { ManagedEngine, findExecutable } from '../../engine/providers/managed-engine';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { engineClient, rawRequest } from '../harness/engine';

const dockerd = findExecutable('dockerd');
const root = fs.mkdtempSync('/tmp/bmp-');
const paths = { data: path.join(root, 'data'), runtime: path.join(root, 'run') };
const savedPath = process.env.PATH;
let preferences: ManagedEnginePreferences = { maxConcurrentDownloads: 2, maxConcurrentUploads: 4, logMaxSizeMb: 7, logMaxFiles: 4 };
let engine: ManagedEngine;

beforeAll(() => {
  const wrapperDir = path.join(root, 'bin');
  fs.mkdirSync(wrapperDir);
  fs.writeFileSync(path.join(wrapperDir, 'dockerd'), `#!/bin/sh\nexec ${dockerd} "$@" --bridge=none --iptables=false --ip-masq=false\n`, { mode: 0o755 });
  process.env.PATH = `${wrapperDir}:${savedPath}`;
  engine = new ManagedEngine(paths, () => preferences);
});

afterAll(async () => {
  await engine?.stop().catch(() => undefined);
  process.env.PATH = savedPath;
  fs.rmSync(root, { recursive: true, force: true });
});

/** Copies the test image from the shared engine, so this engine needs no registry and no build. */
async function loadTestImage(socket: string): Promise<void> {
  const saved = await rawRequest(testEngine().socketPath, 'GET', `/images/${encodeURIComponent(BUSYBOX_IMAGE)}/get`);
  expect(saved.status).toBe(200);
  const loaded = await rawRequest(socket, 'POST', '/images/load?quiet=1', { body: saved.body, headers: { 'Content-Type': 'application/x-tar' } });
  expect(loaded.status, loaded.body.toString()).toBe(200);
}

async function newContainerLogConfig(socket: string, name: string): Promise<unknown> {
  const client = engineClient(socket);
  const created = await client.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['true'] });
  expect(created.status, created.text).toBe(201);
  const inspected = await client.request('GET', `/containers/${created.json.Id}/json`);
  await client.request('DELETE', `/containers/${created.json.Id}`);
  return inspected.json.HostConfig.LogConfig;
}

describe.runIf(process.platform === 'linux' && dockerd && process.getuid?.() === 0)('the managed engine’s preferences', () => {
  it('start dockerd with a daemon.json made from them: new containers rotate their logs as asked', async () => {
    const status = await engine.start();
    expect(JSON.parse(fs.readFileSync(engine.configFile, 'utf8'))).toEqual({
      'max-concurrent-downloads': 2,
      'max-concurrent-uploads': 4,
      'log-driver': 'json-file',
      'log-opts': { 'max-size': '7m', 'max-file': '4' },
    });
    expect(fs.statSync(engine.configFile).mode & 0o777).toBe(0o600);
    await loadTestImage(status.socket);
    expect(await newContainerLogConfig(status.socket, 'prefs-log-a')).toEqual({ Type: 'json-file', Config: { 'max-size': '7m', 'max-file': '4' } });
  });

  it('take effect at the next start, not before', async () => {
    preferences = { ...preferences, logMaxSizeMb: 25, logMaxFiles: 2 };
    const socket = engine.status().socket;
    expect(await newContainerLogConfig(socket, 'prefs-log-b')).toMatchObject({ Config: { 'max-size': '7m' } });
    await engine.restart();
    expect(await newContainerLogConfig(socket, 'prefs-log-c')).toEqual({ Type: 'json-file', Config: { 'max-size': '25m', 'max-file': '2' } });
    await engine.stop();
  });
});
