import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../engine/contract/images-types';
import { UPLOAD_CHUNK_BYTES } from '../../engine/contract/transfer';
import { BUSYBOX_IMAGE } from '../harness/context';
import { createTar } from '../harness/tar';
import type { BackendUnderTest } from './images-fixtures';
import { TWO_STAGE_DOCKERFILE, build, builtId, engine, imageExists, removeImages, runIn, startBackend, writeContext } from './images-fixtures';

let t: BackendUnderTest;
const made: string[] = [];
const folders: string[] = [];

beforeAll(async () => {
  t = await startBackend();
});

afterAll(async () => {
  await removeImages(...made);
  for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
  await t?.stop();
});

function context(files: Record<string, string>): string {
  const dir = writeContext(files);
  folders.push(dir);
  return dir;
}

const listed = async (tag: string) => (await t.session.call('images.list', {})).find((i: ImageSummary) => i.tags.includes(tag));

describe('building images', () => {
  it('builds two stages with a build argument, honouring .dockerignore, and tags the result', async () => {
    const dir = context({
      Dockerfile: TWO_STAGE_DOCKERFILE,
      '.dockerignore': 'secret.txt\nlogs/\n!logs/keep.log\n',
      'app.txt': 'app',
      'secret.txt': 'do not send',
      'logs/noise.log': 'noise',
      'logs/keep.log': 'keep',
    });
    made.push('berth-it/app:1', 'berth-it/app:latest');
    const id = await builtId(t.session, { context: { kind: 'path', path: dir }, tags: ['berth-it/app:1', 'berth-it/app'], buildArgs: { GREETING: 'ahoy' } });
    expect((await engine.request('GET', '/images/berth-it/app:1/json')).json.Id).toBe(id);
    expect(await imageExists('berth-it/app:latest')).toBe(true);
    expect((await runIn('berth-it/app:1', ['cat', '/greeting.txt'])).trim()).toBe('ahoy');
    const sent = (await runIn('berth-it/app:1', ['find', '/ctx', '-type', 'f'])).trim().split('\n').sort();
    expect(sent).toEqual(['/ctx/.dockerignore', '/ctx/Dockerfile', '/ctx/app.txt', '/ctx/logs/keep.log']);
  });

  it('streams each step and, when a step fails, names it with the engine’s message', async () => {
    const dir = context({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo building\nRUN exit 3\nRUN echo never\n` });
    const { events, error } = await build(t.session, { context: { kind: 'path', path: dir }, tags: [] });
    expect(events.filter((e) => e.type === 'step').map((e) => e.type === 'step' && e.number)).toEqual([1, 2, 3]);
    expect(events.some((e) => e.type === 'output' && e.text.includes('building'))).toBe(true);
    const failed = events.find((e) => e.type === 'failed');
    expect(failed).toMatchObject({ step: { number: 3, total: 4, instruction: 'RUN exit 3' }, message: expect.stringMatching(/returned a non-zero code: 3/) });
    expect(error?.message).toMatch(/returned a non-zero code: 3/);
  });

  it('builds the target stage only when one is named, and says so when it does not exist', async () => {
    const dir = context({ Dockerfile: `FROM ${BUSYBOX_IMAGE} AS first\nRUN echo one > /one\nFROM first AS second\nRUN echo two > /two\n` });
    made.push('berth-it/target:1');
    await builtId(t.session, { context: { kind: 'path', path: dir }, tags: ['berth-it/target:1'], target: 'first' });
    expect((await runIn('berth-it/target:1', ['ls', '/'])).split('\n')).not.toContain('two');
    const missing = await build(t.session, { context: { kind: 'path', path: dir }, tags: [], target: 'third' });
    expect(missing.error?.message).toMatch(/no stage named “third”/);
  });

  it('builds from an uploaded .tar.gz context, honouring its .dockerignore', async () => {
    const tar = createTar([
      { name: 'Dockerfile', data: `FROM ${BUSYBOX_IMAGE}\nCOPY . /ctx/\n` },
      { name: 'kept.txt', data: 'kept' },
      { name: 'skipped.txt', data: 'skipped' },
      { name: '.dockerignore', data: 'skipped.txt\n' },
    ]);
    const gz = (await import('node:zlib')).gzipSync(tar);
    made.push('berth-it/uploaded:1');
    const stream = t.session.open('images.build', { context: { kind: 'upload', name: 'ctx.tar.gz', size: gz.length }, tags: ['berth-it/uploaded:1'] });
    await stream.waitFor((e) => e.type === 'uploaded' && e.bytes === 0);
    for (let at = 0; at < gz.length; at += UPLOAD_CHUNK_BYTES) stream.write({ t: 'chunk', data: gz.subarray(at, at + UPLOAD_CHUNK_BYTES).toString('base64') });
    stream.write({ t: 'end' });
    expect(await stream.ended).toBeUndefined();
    expect(stream.events).toContainEqual({ type: 'uploaded', bytes: gz.length });
    expect((await runIn('berth-it/uploaded:1', ['ls', '/ctx'])).trim().split('\n').sort()).toEqual(['Dockerfile', 'kept.txt']);
  });

  it('stops the build on the engine when cancelled', async () => {
    const dir = context({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN sleep 60\n` });
    const stream = t.session.open('images.build', { context: { kind: 'path', path: dir }, tags: [] });
    await stream.waitFor((e) => e.type === 'step' && e.number === 2);
    const buildContainer = async () => (await engine.request('GET', '/containers/json')).json.find((c: { Command: string }) => c.Command.includes('sleep 60'));
    // Generous: an engine in an emulated VM takes seconds to start the step's container and to remove it.
    await expect.poll(buildContainer, { timeout: 60_000 }).toBeDefined();
    stream.close();
    await expect.poll(buildContainer, { timeout: 60_000 }).toBeUndefined();
  }, 180_000);
});

describe('the image list, layers, tags and removal', () => {
  it('lists images with tags, size and the containers that use them', async () => {
    const c = await engine.request('POST', '/containers/create?name=it-image-user', { Image: BUSYBOX_IMAGE, Cmd: ['true'] });
    try {
      const busybox = await listed(BUSYBOX_IMAGE);
      const inspect = (await engine.request('GET', `/images/${BUSYBOX_IMAGE}/json`)).json;
      expect(busybox).toMatchObject({ id: inspect.Id, size: inspect.Size, dangling: false });
      expect(busybox?.containers).toContainEqual({ id: c.json.Id, name: 'it-image-user', state: 'created' });
    } finally {
      await engine.request('DELETE', `/containers/${c.json.Id}?force=1`);
    }
  });

  it('shows each layer’s instruction and size, and what two images built on one base share, as the engine counts it', async () => {
    const one = context({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN head -c 300000 /dev/urandom > /one\nENV ONE=1\n` });
    const two = context({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN head -c 200000 /dev/urandom > /two\n` });
    made.push('berth-it/share-one:1', 'berth-it/share-two:1');
    const a = await builtId(t.session, { context: { kind: 'path', path: one }, tags: ['berth-it/share-one:1'] });
    await builtId(t.session, { context: { kind: 'path', path: two }, tags: ['berth-it/share-two:1'] });

    const layers = await t.session.call('images.layers', { id: a });
    const inspect = (await engine.request('GET', `/images/${a}/json`)).json;
    const df = (await engine.request('GET', '/system/df')).json.Images.find((i: { Id: string }) => i.Id === a);
    expect(layers.matched).toBe(true);
    expect(layers.layerCount).toBe(inspect.RootFS.Layers.length);
    expect(layers.sharedBytes).toBe(df.SharedSize);
    expect(layers.sharedBytes + layers.uniqueBytes).toBe(inspect.Size);
    const run = layers.steps.find((s) => s.instruction.startsWith('RUN head -c 300000'));
    expect(run).toMatchObject({ layer: 2, sharedWith: [] });
    expect(run!.size).toBeGreaterThanOrEqual(300000);
    expect(layers.steps.find((s) => s.instruction === 'ENV ONE=1')).toMatchObject({ size: 0, layer: undefined });
    const base = layers.steps.find((s) => s.layer === 0)!;
    expect(base.sharedWith.map((s) => s.name).sort()).toEqual(expect.arrayContaining([BUSYBOX_IMAGE, 'berth-it/share-two:1']));
    // Each shared layer is kept once instead of once per image that has it.
    const busyboxSize = (await engine.request('GET', `/images/${BUSYBOX_IMAGE}/json`)).json.Size as number;
    expect(layers.savedBytes).toBeGreaterThanOrEqual(busyboxSize * 2);
  });

  it('tags an image and removes a tag without removing the image it still names', async () => {
    made.push('berth-it/tagged:a', 'berth-it/tagged:b');
    expect(await t.session.call('images.tag', { image: BUSYBOX_IMAGE, tag: 'berth-it/tagged:a' })).toEqual({ tag: 'berth-it/tagged:a' });
    expect(await t.session.call('images.tag', { image: BUSYBOX_IMAGE, tag: 'berth-it/tagged' })).toEqual({ tag: 'berth-it/tagged:latest' });
    made.push('berth-it/tagged:latest');
    await expect(t.session.call('images.tag', { image: BUSYBOX_IMAGE, tag: 'Berth/Upper' })).rejects.toThrow(/lowercase/);
    expect(await t.session.call('images.remove', { refs: ['berth-it/tagged:a'], force: false })).toEqual({ done: ['berth-it/tagged:a'], failed: [] });
    expect(await imageExists('berth-it/tagged:a')).toBe(false);
    expect(await imageExists(BUSYBOX_IMAGE)).toBe(true);
  });

  it('refuses to remove an image a container uses, naming the container, unless forced', async () => {
    const dir = context({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo used > /used\n` });
    const id = await builtId(t.session, { context: { kind: 'path', path: dir }, tags: ['berth-it/used:1'] });
    made.push('berth-it/used:1');
    const c = await engine.request('POST', '/containers/create?name=it-uses-image', { Image: 'berth-it/used:1', Cmd: ['true'] });
    try {
      const refused = await t.session.call('images.remove', { refs: [id], force: false });
      expect(refused.failed[0]?.message).toMatch(new RegExp(`used by the stopped container ${c.json.Id.slice(0, 12)}`));
      expect(await imageExists(id)).toBe(true);
      expect(await t.session.call('images.remove', { refs: [id], force: true })).toEqual({ done: [id], failed: [] });
      expect(await imageExists(id)).toBe(false);
    } finally {
      await engine.request('DELETE', `/containers/${c.json.Id}?force=1`);
    }
  });
});

describe('a container whose image lost its name', () => {
  it('is listed with the name it was created from, where the engine lists a bare sha256', async () => {
    const [repo, tag] = ['berth-it/renamed', '1'];
    expect((await engine.request('POST', `/images/${encodeURIComponent(BUSYBOX_IMAGE)}/tag?repo=${repo}&tag=${tag}`)).status).toBe(201);
    const c = await engine.request('POST', '/containers/create?name=it-renamed', { Image: `${repo}:${tag}`, Cmd: ['sleep', '60'] });
    try {
      expect((await engine.request('POST', `/containers/${c.json.Id}/start`)).status).toBe(204);
      expect(await t.session.call('images.remove', { refs: [`${repo}:${tag}`], force: true })).toMatchObject({ failed: [] });
      const byEngine = (await engine.request('GET', '/containers/json?all=1')).json.find((x: { Id: string }) => x.Id === c.json.Id);
      expect(byEngine.Image).toMatch(/^sha256:/);
      const listed = (await t.session.call('containers.list', {})).find((x: { id: string }) => x.id === c.json.Id);
      expect(listed).toMatchObject({ image: `${repo}:${tag}`, imageNameMoved: true });
    } finally {
      await engine.request('DELETE', `/containers/${c.json.Id}?force=1`);
    }
  });
});

describe('saving, loading and pruning', () => {
  it('saves an image to a file and loads it back, by path and by upload', async () => {
    const dir = context({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo saved > /saved\n` });
    const id = await builtId(t.session, { context: { kind: 'path', path: dir }, tags: ['berth-it/saved:1'] });
    made.push('berth-it/saved:1');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-save-')), 'saved.tar');
    folders.push(path.dirname(file));
    const save = t.session.open('images.save', { images: ['berth-it/saved:1'], target: { kind: 'path', path: file } });
    expect(await save.ended).toBeUndefined();
    expect(save.events.at(-1)).toMatchObject({ type: 'done', file, bytes: fs.statSync(file).size });
    expect(fs.existsSync(`${file}.part`)).toBe(false);

    await removeImages('berth-it/saved:1');
    const load = t.session.open('images.load', { source: { kind: 'path', path: file } });
    expect(await load.ended).toBeUndefined();
    expect(load.events.at(-1)).toEqual({ type: 'done', images: ['berth-it/saved:1'] });
    expect((await engine.request('GET', '/images/berth-it/saved:1/json')).json.Id).toBe(id);

    await removeImages('berth-it/saved:1');
    const data = fs.readFileSync(file);
    const upload = t.session.open('images.load', { source: { kind: 'upload', name: 'saved.tar', size: data.length } });
    await upload.waitFor((e) => e.type === 'uploaded');
    for (let at = 0; at < data.length; at += UPLOAD_CHUNK_BYTES) upload.write({ t: 'chunk', data: data.subarray(at, at + UPLOAD_CHUNK_BYTES).toString('base64') });
    upload.write({ t: 'end' });
    expect(await upload.ended).toBeUndefined();
    expect((await engine.request('GET', '/images/berth-it/saved:1/json')).json.Id).toBe(id);
  });

  it('says a file that is not an image archive is not one', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-load-')), 'junk.tar');
    folders.push(path.dirname(file));
    fs.writeFileSync(file, 'this is not a tar archive'.repeat(100));
    const load = t.session.open('images.load', { source: { kind: 'path', path: file } });
    expect((await load.ended)?.message).toMatch(/not an image archive/);
  });

  it('previews exactly the dangling images a prune removes and the space it returns, then removes just those', async () => {
    const dir = context({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN head -c 100000 /dev/urandom > /dangling\n` });
    const dangling = await builtId(t.session, { context: { kind: 'path', path: dir }, tags: ['berth-it/prune-me:1'] });
    await builtId(t.session, { context: { kind: 'path', path: dir }, tags: ['berth-it/prune-me:1'], noCache: true });
    made.push('berth-it/prune-me:1');
    const plan = await t.session.call('images.prunePlan', { scope: 'dangling' });
    expect(plan.images.map((i) => i.id)).toContain(dangling);
    expect(plan.images.every((i) => i.tags.length === 0)).toBe(true);
    const before = (await engine.request('GET', '/system/df')).json.LayersSize as number;
    const stream = t.session.open('images.prune', { ids: plan.images.map((i) => i.id) });
    expect(await stream.ended).toBeUndefined();
    const done = stream.events.at(-1);
    expect(done).toMatchObject({ type: 'done', kept: [] });
    const after = (await engine.request('GET', '/system/df')).json.LayersSize as number;
    expect(done?.type === 'done' && done.reclaimedBytes).toBe(before - after);
    expect(plan.reclaimBytes).toBe(before - after);
    expect(await imageExists(dangling)).toBe(false);
    expect(await imageExists('berth-it/prune-me:1')).toBe(true);
  });
});
