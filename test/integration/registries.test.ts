import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferEvent } from '../../engine/contract/images-types';
import { BUSYBOX_IMAGE } from '../harness/context';
import { startRegistry } from '../harness/registry';
import type { TestRegistry } from '../harness/registry';
import type { BackendUnderTest } from './images-fixtures';
import { TWO_STAGE_DOCKERFILE, builtId, engine, imageExists, removeImages, startBackend, writeContext } from './images-fixtures';

const USER = 'berth';
const PASSWORD = 'correct horse battery staple';
let t: BackendUnderTest;
let registry: TestRegistry;
let open: TestRegistry;
const made: string[] = [];
const folders: string[] = [];

beforeAll(async () => {
  [registry, open] = await Promise.all([startRegistry({ htpasswd: { user: USER, password: PASSWORD } }), startRegistry()]);
  t = await startBackend();
});

afterAll(async () => {
  await removeImages(...made);
  for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
  await t?.stop();
  await Promise.all([registry?.stop(), open?.stop()]);
});

async function transfer(stream: 'images.pull' | 'images.push', reference: string) {
  const s = t.session.open(stream, { reference });
  const error = await s.ended;
  return { events: s.events as TransferEvent[], error };
}

async function registryDigest(repo: string, tag: string): Promise<string | null> {
  const res = await fetch(`http://127.0.0.1:${registry.port}/v2/${repo}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`,
      Accept: 'application/vnd.docker.distribution.manifest.v2+json',
    },
  });
  return res.headers.get('docker-content-digest');
}

async function buildPushable(name: string, extra = ''): Promise<string> {
  const dir = writeContext({ Dockerfile: TWO_STAGE_DOCKERFILE + extra });
  folders.push(dir);
  made.push(name);
  return builtId(t.session, { context: { kind: 'path', path: dir }, tags: [name], buildArgs: { GREETING: name } });
}

describe('registries: sign in, push and pull', () => {
  it('refuses a wrong password in words and keeps nothing', async () => {
    await expect(t.session.call('registries.signIn', { registry: registry.host, username: USER, password: 'wrong' })).rejects.toThrow(
      `The registry ${registry.host} refused this user name and password.`,
    );
    expect((await t.session.call('registries.list', {})).logins).toEqual([]);
    expect(fs.readdirSync(t.dataDir).filter((f) => /cred|login/i.test(f))).toEqual([]);
  });

  it('says a push needs a sign-in when it does', async () => {
    const name = `${registry.host}/berth/unsigned:1`;
    await buildPushable(name);
    const { error } = await transfer('images.push', name);
    expect(error?.message).toMatch(/sign in/);
  });

  it('pushes a two-stage build with per-layer progress, and pulls it back with the same digest', async () => {
    const login = await t.session.call('registries.signIn', { registry: registry.host, username: USER, password: PASSWORD });
    expect(login).toEqual({ registry: registry.host, username: USER, source: 'berth' });
    expect(await t.session.call('registries.list', {})).toMatchObject({ store: 'session', logins: [{ registry: registry.host, username: USER, source: 'berth' }] });

    const name = `${registry.host}/berth/app:1`;
    await buildPushable(name);
    const pushed = await transfer('images.push', name);
    expect(pushed.error).toBeUndefined();
    const pushDone = pushed.events.at(-1);
    if (pushDone?.type !== 'done') throw new Error('no push result');
    expect(pushDone.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await registryDigest('berth/app', '1')).toBe(pushDone.digest);
    const pushProgress = pushed.events.filter((e) => e.type === 'progress');
    expect(pushProgress.at(-1)).toMatchObject({ fraction: 1 });
    expect(pushProgress.at(-1)?.type === 'progress' && pushProgress.at(-1)!.layers.length).toBe(4);

    await removeImages(name);
    expect(await imageExists(name)).toBe(false);
    const pulled = await transfer('images.pull', name);
    expect(pulled.error).toBeUndefined();
    const pullDone = pulled.events.at(-1);
    expect(pullDone).toMatchObject({ type: 'done', reference: name, digest: pushDone.digest });
    const last = pulled.events.filter((e) => e.type === 'progress').at(-1);
    if (last?.type !== 'progress') throw new Error('no pull progress');
    // The base image's layers are here already (and so is the first stage's, which the COPY --from repeats);
    // the rest came from the registry.
    const phases = last.layers.map((l) => l.phase);
    expect(phases).toHaveLength(4);
    expect(phases.filter((p) => p === 'exists').length).toBeGreaterThanOrEqual(2);
    expect(phases.filter((p) => p === 'done').length).toBeGreaterThanOrEqual(1);
    expect(last.fraction).toBe(1);
    expect(last.bytesDone).toBe(last.bytesTotal);
    expect((await engine.request('GET', `/images/${name}/json`)).json.RepoDigests).toContain(`${registry.host}/berth/app@${pushDone.digest}`);
  });

  it('stops a pull on the engine when cancelled, leaving no image', async () => {
    const name = `${open.host}/berth/big:1`;
    await buildPushable(name, 'RUN head -c 67108864 /dev/urandom > /big\n');
    expect((await transfer('images.push', name)).error).toBeUndefined();
    await removeImages(name);
    const pull = t.session.open('images.pull', { reference: name });
    await pull.waitFor((e) => e.type === 'progress' && e.layers.some((l) => l.phase === 'downloading' || l.phase === 'extracting'));
    pull.close();
    expect(await pull.ended).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await imageExists(name)).toBe(false);
  });

  it('says in words when a reference is bad, an image does not exist, or a registry does not answer', async () => {
    expect((await transfer('images.pull', 'Busybox')).error?.message).toMatch(/Image names are lowercase: write “busybox”/);
    expect((await transfer('images.pull', `${open.host}/berth/nothing-here:1`)).error?.message).toBe(
      `The registry has no image “${open.host}/berth/nothing-here:1”: check the name and the tag.`,
    );
    expect((await transfer('images.pull', 'localhost:1/berth/app')).error?.message).toMatch(/Nothing answered at localhost:1/);
  });

  it('signs out of a login made in Berth', async () => {
    expect((await t.session.call('registries.signOut', { registry: registry.host })).logins).toEqual([]);
    const name = `${registry.host}/berth/app:1`;
    await removeImages(name);
    expect((await transfer('images.pull', name)).error?.message).toMatch(/sign in/);
  });
});

describe('logins of the docker CLI, used as they are', () => {
  const name = () => `${registry.host}/berth/app:1`;

  it('uses a login in config.json', async () => {
    const config = { auths: { [registry.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } };
    fs.mkdirSync(process.env.DOCKER_CONFIG!, { recursive: true });
    fs.writeFileSync(path.join(process.env.DOCKER_CONFIG!, 'config.json'), JSON.stringify(config));
    await removeImages(name());
    expect((await transfer('images.pull', name())).error).toBeUndefined();
    expect((await t.session.call('registries.list', {})).logins).toEqual([{ registry: registry.host, username: USER, source: 'docker-config' }]);
    await expect(t.session.call('registries.signOut', { registry: registry.host })).rejects.toThrow(/docker logout/);
  });

  it('asks a credential helper named in credHelpers', async () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-helper-'));
    folders.push(bin);
    const asked = path.join(bin, 'asked');
    // A real helper speaking the protocol: the server address on stdin, the credential as JSON on stdout.
    fs.writeFileSync(
      path.join(bin, 'docker-credential-berthtest'),
      `#!/bin/sh\n[ "$1" = get ] || exit 1\nread server\necho "$server" >> ${asked}\nprintf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASSWORD}"}' "$server"\n`,
      { mode: 0o755 },
    );
    process.env.PATH = `${bin}:${process.env.PATH}`;
    fs.writeFileSync(path.join(process.env.DOCKER_CONFIG!, 'config.json'), JSON.stringify({ credHelpers: { [registry.host]: 'berthtest' } }));
    await removeImages(name());
    expect((await transfer('images.pull', name())).error).toBeUndefined();
    expect(fs.readFileSync(asked, 'utf8').trim()).toBe(registry.host);
    expect((await t.session.call('registries.list', {})).logins).toEqual([{ registry: registry.host, source: 'credential-helper', helper: 'berthtest' }]);
    expect(await imageExists(BUSYBOX_IMAGE)).toBe(true);
  });
});
