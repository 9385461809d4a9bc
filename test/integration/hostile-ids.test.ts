/**
 * Ids and names from the UI never rewrite the Engine API path they go into. Every contract method and
 * stream that takes an id is sent the traversal forms that used to reach other objects, through a
 * unix-socket engine and a tcp:// engine (a logging proxy in front of the test engine, so the test also
 * sees every path the engine was asked for); the victims must all still be there, untouched.
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginePathProblem } from '../../engine/docker/object-paths';
import { BUSYBOX_IMAGE } from '../harness/context';
import { pathLogProxy } from '../harness/path-log-proxy';
import type { PathLogProxy } from '../harness/path-log-proxy';
import type { BackendUnderTest } from './data-fixtures';
import { engine, startBackend } from './data-fixtures';

const VICTIM = { volume: 'hv-victimvol', container: 'hv-victimcont', image: 'hv-victim:latest', network: 'hv-victimnet' };

/** Paths that lead out of the object named, to each victim, in the forms that got through before. */
function traversals(): string[] {
  const targets = [`volumes/${VICTIM.volume}`, `containers/${VICTIM.container}`, `images/${VICTIM.image}`, `networks/${VICTIM.network}`];
  return [
    ...targets.flatMap((t) => [`x/../../${t}`, `x%2F..%2F..%2F${t.replace('/', '%2F')}`, `x/../${t.split('/')[1]}`, `../${t}`]),
    '..',
    '.',
    `${VICTIM.container}/..`,
    `${VICTIM.container}?force=1`,
    `${VICTIM.container}#`,
    `x\\..\\..\\${VICTIM.volume}`,
    `/${VICTIM.container}`,
  ];
}

const spec = (extra: Record<string, unknown> = {}) => ({ Image: BUSYBOX_IMAGE, HostConfig: {}, ...extra });
const OTHER = 'hv-nonexistent';

/** Every method and stream of the contract that takes an id or a name, with the id put in each place. */
const callsWith = (v: string): [kind: 'call' | 'open', name: string, input: unknown][] => [
  ['call', 'container.inspect', { id: v }],
  ['call', 'container.files.list', { id: v, path: '/' }],
  ['call', 'containers.act', { ids: [v], action: 'kill' }],
  ['call', 'containers.act', { ids: [v], action: 'stop' }],
  ['call', 'containers.remove', { ids: [v], volumes: true, force: true }],
  ['call', 'volumes.inspect', { name: v }],
  ['call', 'volumes.remove', { names: [v] }],
  ['call', 'volumes.browse', { name: v, path: '' }],
  ['call', 'networks.inspect', { id: v }],
  ['call', 'networks.remove', { id: v }],
  ['call', 'networks.connect', { network: v, container: OTHER }],
  ['call', 'networks.connect', { network: OTHER, container: v }],
  ['call', 'networks.disconnect', { network: v, container: OTHER, force: true }],
  ['call', 'networks.disconnect', { network: OTHER, container: v, force: true }],
  ['call', 'images.layers', { id: v }],
  ['call', 'images.tag', { image: v, tag: 'hv-new:1' }],
  ['call', 'images.remove', { refs: [v], force: true }],
  ['call', 'run.check', { spec: spec(), replacing: v }],
  ['call', 'run.check', { spec: spec({ Image: v }) }],
  ['call', 'run.check', { spec: spec({ name: v }) }],
  ['call', 'run.check', { spec: spec({ HostConfig: { NetworkMode: v } }) }],
  ['call', 'run.check', { spec: spec({ HostConfig: { NetworkMode: `container:${v}` } }) }],
  ['call', 'run.check', { spec: spec({ HostConfig: { Binds: [`${v}:/data`] } }) }],
  ['call', 'run.recreate', { id: v, spec: spec() }],
  ['call', 'run.template', { id: v }],
  ['call', 'terminal.options', { containerId: v }],
  ['open', 'container.top', { id: v }],
  ['open', 'containers.stats', { ids: [v] }],
  ['open', 'container.files.download', { id: v, path: '/', target: { kind: 'download' } }],
  ['open', 'container.files.upload', { id: v, folder: '/', name: 'f', size: 0 }],
  ['open', 'volumes.export', { name: v, target: { kind: 'download' } }],
  ['open', 'volumes.download', { name: v, path: 'a', target: { kind: 'download' } }],
  ['open', 'volumes.copy', { source: v, name: 'hv-copy' }],
  ['open', 'logs.follow', { containerId: v, from: { tail: 1 } }],
  ['open', 'logs.page', { direction: 'before', containerId: v, anchor: { time: '2024-01-01T00:00:00Z', sameTime: 0 }, lines: 1 }],
  ['open', 'logs.search', { containerId: v, text: 'x', regex: false, caseSensitive: false }],
  ['open', 'logs.download', { containerId: v, timestamps: false, fileName: 'x.log', target: { kind: 'download' } }],
  ['call', 'terminal.open', { containerId: v, kind: { kind: 'shell' }, cols: 80, rows: 24 }],
  ['call', 'terminal.open', { containerId: v, kind: { kind: 'attach' }, cols: 80, rows: 24 }],
  ['open', 'images.save', { images: [v], target: { kind: 'download' } }],
  ['open', 'images.prune', { ids: [v] }],
];

async function victimsState(): Promise<Record<string, unknown>> {
  const [volume, container, image, network] = await Promise.all([
    engine.request('GET', `/volumes/${VICTIM.volume}`),
    engine.request('GET', `/containers/${VICTIM.container}/json`),
    engine.request('GET', `/images/${VICTIM.image}/json`),
    engine.request('GET', `/networks/${VICTIM.network}`),
  ]);
  return {
    volume: volume.status,
    container: [container.status, container.json?.State?.Status, container.json?.Id],
    image: [image.status, image.json?.Id],
    network: [network.status, network.json?.Id],
  };
}

let before: Record<string, unknown>;

beforeAll(async () => {
  await engine.request('POST', '/volumes/create', { Name: VICTIM.volume });
  await engine.request('POST', `/containers/create?name=${VICTIM.container}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'] });
  await engine.request('POST', `/containers/${VICTIM.container}/start`);
  await engine.request('POST', `/images/${BUSYBOX_IMAGE}/tag?repo=hv-victim&tag=latest`);
  await engine.request('POST', '/networks/create', { Name: VICTIM.network });
  before = await victimsState();
  expect(before).toMatchObject({ volume: 200, container: [200, 'running', expect.any(String)], image: [200, expect.any(String)], network: [200, expect.any(String)] });
});

afterAll(async () => {
  await engine.request('DELETE', `/containers/${VICTIM.container}?force=1`);
  await engine.request('DELETE', `/volumes/${VICTIM.volume}`);
  await engine.request('DELETE', '/images/hv-victim:latest');
  await engine.request('DELETE', `/networks/${VICTIM.network}`);
});

describe.each([
  ['a unix-socket engine', 'unix'],
  ['a tcp:// engine', 'tcp'],
] as const)('ids that try to leave their object, on %s', (_title, transport) => {
  let proxy: PathLogProxy;
  let t: BackendUnderTest;

  beforeAll(async () => {
    proxy = await pathLogProxy(engine.socketPath, transport === 'unix' ? { unix: path.join(os.tmpdir(), `berth-hv-${process.pid}.sock`) } : { tcp: true });
    t = await startBackend(proxy.dockerHost);
  });
  afterAll(async () => {
    await t?.stop();
    await proxy?.close();
  });

  it('refuses every one in words, reaches nothing outside the object named, and stays up', async () => {
    const sentBefore = proxy.requests.length;
    const answers: { name: string; input: unknown; error?: string; code?: string }[] = [];
    for (const value of traversals()) {
      await Promise.all(
        callsWith(value).map(async ([kind, name, input]) => {
          if (kind === 'call') {
            const error = await t.session.call(name as never, input).then(
              () => undefined,
              (e: Error & { code?: string }) => e,
            );
            answers.push({ name, input, error: error?.message, code: error?.code });
          } else {
            const opened = t.session.open(name as never, input);
            const error = await opened.ended;
            answers.push({ name, input, error: error?.message, code: error?.code });
          }
        }),
      );
    }
    expect(answers).toHaveLength(traversals().length * callsWith('').length);
    // Each is refused in a sentence: the contract's, or the engine client's guard where a field is free text.
    // (run.check's spec is free text where some of these are fine: `/name` is a host folder to bind.)
    const refused = { code: 'invalid-input', error: expect.stringMatching(/^Invalid request: .+|is not .+ so Berth did not send it\.$/) };
    for (const a of answers) if (a.name !== 'run.check' || a.error) expect(a, JSON.stringify(a)).toMatchObject(refused);
    expect(answers.filter((a) => a.name !== 'run.check' && !a.error)).toEqual([]);

    const seen = proxy.requests.slice(sentBefore);
    for (const request of seen) {
      const target = request.split(' ')[1]!;
      expect(enginePathProblem(target), request).toBeUndefined();
      expect(decodeURIComponent(target), request).not.toMatch(/hv-victim/);
    }
    expect(await victimsState()).toEqual(before);
    expect(await t.session.call('engine.status', {})).toMatchObject({ state: 'running' });
  });

  it('refuses such an id even where a handler hands it to the engine client unchecked', async () => {
    const docker = t.backend.docker();
    const sentBefore = proxy.requests.length;
    expect(() => docker.getContainer(`x/../../volumes/${VICTIM.volume}`)).toThrow(/is not a container id or name/);
    expect(() => docker.getImage(`x/../../containers/${VICTIM.container}`)).toThrow(/is not an image id or name/);
    expect(() => docker.getVolume('..')).toThrow(/is not a volume name/);
    expect(() => docker.getNetwork(`${VICTIM.network}/..`)).toThrow(/is not a network id or name/);
    expect(() => docker.getExec('../../containers/x')).toThrow(/is not an exec session id/);
    // And a request built by hand with a dot segment, encoded or not, never leaves.
    for (const p of [`/containers/x/../../volumes/${VICTIM.volume}?`, `/containers/x%2F..%2F..%2Fvolumes%2F${VICTIM.volume}?`]) {
      await expect(
        new Promise((resolve, reject) => docker.modem.dial({ path: p, method: 'DELETE', statusCodes: { 204: true } }, (err, data) => (err ? reject(err) : resolve(data)))),
      ).rejects.toThrow(/Berth refused to send a request/);
    }
    expect(proxy.requests.slice(sentBefore)).toEqual([]);
    expect(await victimsState()).toEqual(before);
  });

  it('still reaches images by references that have slashes and a registry port', async () => {
    await engine.request('POST', `/images/${BUSYBOX_IMAGE}/tag?repo=localhost:5999/hv/deep&tag=v1`);
    try {
      const layers = await t.session.call('images.layers', { id: 'localhost:5999/hv/deep:v1' });
      expect(layers).toBeTruthy();
      await t.session.call('images.remove', { refs: ['localhost:5999/hv/deep:v1'], force: false });
      expect((await engine.request('GET', '/images/localhost:5999/hv/deep:v1/json')).status).toBe(404);
    } finally {
      await engine.request('DELETE', '/images/localhost:5999/hv/deep:v1');
    }
  });
});
