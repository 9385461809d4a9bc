import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import { startBackend } from '../harness/backend';
import type { ContainerCreateSpec } from '../../engine/contract/run-types';
import { templateToForm } from '../../renderer/src/features/run-container/model/from-container';
import { parseRunCommand } from '../../renderer/src/features/run-container/model/parse-command';
import { formToSpec } from '../../renderer/src/features/run-container/model/to-spec';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';

const engine = testEngine();
let backend: Backend;
let dataDir: string;
const methods = () => backend.handlers.methods;

/** Everything these tests make, removed at the end: the engine serves the other test files too. */
const made = { containers: new Set<string>(), volumes: new Set<string>() };

function specOf(command: string): ContainerCreateSpec {
  const parsed = parseRunCommand(command);
  if (!parsed.ok) throw new Error(parsed.error);
  const spec = formToSpec(parsed.form);
  if (spec.name) made.containers.add(spec.name);
  return spec;
}

async function inspect(nameOrId: string) {
  const res = await engine.request('GET', `/containers/${nameOrId}/json`);
  return res.status === 404 ? undefined : res.json;
}

async function exec(id: string, cmd: string[]): Promise<string> {
  const r = await engine.docker(['exec', id, ...cmd]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  ({ backend, dataDir } = await startBackend(engine.dockerHost, 'berth-run-'));
});

afterAll(async () => {
  for (const name of made.containers) await engine.request('DELETE', `/containers/${name}?force=1&v=1`);
  for (const name of made.volumes) await engine.request('DELETE', `/volumes/${name}?force=1`);
  await backend?.dispose();
  delete process.env.DOCKER_HOST;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('running a container from the Run dialog’s create body', () => {
  it('creates and starts it with exactly the ports, volumes, env and restart policy asked for', async () => {
    made.volumes.add('run-it-data');
    const spec = specOf(`docker run -d --name run-it-web -p 127.0.0.1::8080 -v run-it-data:/data -e GREETING="hello world" --restart on-failure:2 --init -l team=web ${BUSYBOX_IMAGE} httpd -f -p 8080`);
    const result = await methods()['run.create']({ spec });
    expect(result.name).toBe('run-it-web');
    const info = await inspect(result.id);
    expect(info.State.Running).toBe(true);
    expect(info.HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 2 });
    expect(info.HostConfig.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    expect(info.HostConfig.Init).toBe(true);
    expect(info.Config.Env).toContain('GREETING=hello world');
    expect(info.Config.Labels).toEqual({ team: 'web' });
    expect(info.Mounts).toEqual([expect.objectContaining({ Type: 'volume', Name: 'run-it-data', Destination: '/data', RW: true })]);
    // The published port answers on this machine (with the engine in a VM, once Berth has forwarded it,
    // a moment after the container started).
    const port = info.NetworkSettings.Ports['8080/tcp'][0].HostPort as string;
    let status: number | undefined;
    for (const deadline = Date.now() + 10_000; status === undefined && Date.now() < deadline; ) {
      status = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.status, () => new Promise<undefined>((r) => setTimeout(r, 100)));
    }
    expect(status).toBeLessThan(500);
  });

  it('removes a container that could not start, so no half-made container stays behind', async () => {
    const spec = specOf(`docker run --name run-it-broken ${BUSYBOX_IMAGE} /no/such/program`);
    await expect(methods()['run.create']({ spec })).rejects.toThrow(/no such file|not found|executable/i);
    expect(await inspect('run-it-broken')).toBeUndefined();
  });

  it('lets the engine name a container when no name is given, and says which', async () => {
    const spec = specOf(`docker run ${BUSYBOX_IMAGE} sleep 60`);
    const result = await methods()['run.create']({ spec });
    made.containers.add(result.id);
    expect(result.name).toBe((await inspect(result.id)).Name.slice(1));
  });
});

describe('what docker create and the files a line names become', () => {
  it('only creates the container when the line is docker create', async () => {
    const parsed = parseRunCommand(`docker create --name run-it-created --read-only ${BUSYBOX_IMAGE} sleep 60`);
    if (!parsed.ok) throw new Error(parsed.error);
    made.containers.add('run-it-created');
    const { id } = await methods()['run.create']({ spec: formToSpec(parsed.form), start: parsed.form.start });
    const info = await inspect(id);
    expect(info.State.Status).toBe('created');
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
  });

  it('reads a file a pasted line names, and says what to do when it cannot', async () => {
    const file = path.join(dataDir, 'app.env');
    fs.writeFileSync(file, 'A=1\n');
    expect(await methods()['run.readFile']({ path: file })).toEqual({ path: file, text: 'A=1\n' });
    await expect(methods()['run.readFile']({ path: path.join(dataDir, 'nope.env') })).rejects.toThrow(/There is no file .*nope\.env on the machine Berth runs on: check the path, or choose the file\./);
    await expect(methods()['run.readFile']({ path: dataDir })).rejects.toThrow(/is a folder/);
    await expect(methods()['run.readFile']({ path: 'relative.env' })).rejects.toThrow();
  });
});

describe('what the Run dialog checks before creating', () => {
  it('finds nothing to say about a plain, valid container', async () => {
    const { problems, engineIsLocal } = await methods()['run.check']({ spec: specOf(`docker run ${BUSYBOX_IMAGE}`) });
    expect(problems).toEqual([]);
    expect(engineIsLocal).toBe(true);
  });

  it('says a name is taken, and not when the taken name is the container being recreated', async () => {
    const spec = specOf(`docker run -d --name run-it-taken ${BUSYBOX_IMAGE} sleep 60`);
    const { id } = await methods()['run.create']({ spec });
    const { problems } = await methods()['run.check']({ spec });
    expect(problems).toEqual([{ severity: 'error', field: 'name', message: expect.stringMatching(/“run-it-taken” is already taken/) }]);
    expect((await methods()['run.check']({ spec, replacing: id })).problems).toEqual([]);
  });

  it('says an image is not on the engine and offers to pull it', async () => {
    const { problems } = await methods()['run.check']({ spec: { Image: 'berth-test/not-here:1', HostConfig: {} } });
    expect(problems).toEqual([{ severity: 'error', field: 'image', message: expect.stringMatching(/not on this engine/), pullImage: 'berth-test/not-here:1' }]);
  });

  it('says a host port is in use on this machine, and which container publishes one', async () => {
    const listener = net.createServer();
    await new Promise<void>((r) => listener.listen(0, '0.0.0.0', r));
    const busy = (listener.address() as net.AddressInfo).port;
    try {
      const published = await methods()['run.create']({ spec: specOf(`docker run -d --name run-it-publisher -p 127.0.0.1::80 ${BUSYBOX_IMAGE} httpd -f -p 80`) });
      const taken = (await inspect(published.id)).NetworkSettings.Ports['80/tcp'][0].HostPort as string;
      const { problems } = await methods()['run.check']({ spec: specOf(`docker run -p ${busy}:80 -p ${taken}:81 ${BUSYBOX_IMAGE}`) });
      expect(problems).toEqual([
        { severity: 'error', field: `hostPort.${busy}/tcp`, message: `Port ${busy} is already in use on this machine: choose another host port, or stop what uses it.` },
        { severity: 'error', field: `hostPort.${taken}/tcp`, message: `Port ${taken} is already published by the container “run-it-publisher”: choose another host port, or stop that container.` },
      ]);
      // Recreating the container that publishes it frees the port.
      const again = await methods()['run.check']({ spec: specOf(`docker run -p ${taken}:80 ${BUSYBOX_IMAGE}`), replacing: published.id });
      expect(again.problems).toEqual([]);
    } finally {
      listener.close();
    }
  });

  it('warns that a folder to mount does not exist, and says a new volume will be made', async () => {
    const missing = path.join(dataDir, 'not-there');
    const { problems } = await methods()['run.check']({ spec: specOf(`docker run -v ${missing}:/src -v ${dataDir}:/ok -v run-it-new-volume:/v ${BUSYBOX_IMAGE}`) });
    expect(problems).toEqual(
      expect.arrayContaining([
        { severity: 'warning', field: `volume.${missing}`, message: expect.stringMatching(/does not exist on this machine/) },
        { severity: 'info', field: 'volume.run-it-new-volume', message: 'The volume “run-it-new-volume” does not exist yet: it will be created.' },
      ]),
    );
    expect(problems).toHaveLength(2);
  });

  it('says an option this engine would drop, as the docker CLI refuses it', async () => {
    const { problems } = await methods()['run.check']({ spec: specOf(`docker run --annotation a=b --cpu-count 2 ${BUSYBOX_IMAGE}`) });
    const api = (await engine.request('GET', '/version')).json.ApiVersion as string;
    const annotations = Number(api.split('.')[1]) < 43 ? [{ severity: 'error', message: expect.stringMatching(/would drop --annotation \(it needs 1\.43/) }] : [];
    expect(problems).toEqual([...annotations, { severity: 'error', message: '--cpu-count applies to Windows engines only, and this one runs Linux: remove the option.' }]);
  });

  it('says a network or a container to share the network of does not exist', async () => {
    const noNetwork = await methods()['run.check']({ spec: specOf(`docker run --network run-it-nowhere ${BUSYBOX_IMAGE}`) });
    expect(noNetwork.problems).toEqual([{ severity: 'error', field: 'network', message: expect.stringMatching(/no network “run-it-nowhere”/) }]);
    const noContainer = await methods()['run.check']({ spec: specOf(`docker run --network container:run-it-ghost ${BUSYBOX_IMAGE}`) });
    expect(noContainer.problems).toEqual([{ severity: 'error', field: 'network', message: expect.stringMatching(/no container “run-it-ghost”/) }]);
  });

  it('offers the engine’s images, volumes, networks and containers to pick from', async () => {
    expect((await methods()['run.choices']({ of: 'images' })).map((c) => c.name)).toContain(BUSYBOX_IMAGE);
    expect((await methods()['run.choices']({ of: 'networks' })).map((c) => c.name)).toEqual(expect.arrayContaining(['bridge', 'host', 'none']));
    expect((await methods()['run.choices']({ of: 'containers' })).map((c) => c.name)).toContain('run-it-web');
    expect((await methods()['run.choices']({ of: 'volumes' })).map((c) => c.name)).toContain('run-it-data');
  });
});

describe('duplicating and recreating a container', () => {
  it('duplicates a container from its template: same settings, new name, a fresh unnamed volume', async () => {
    const original = await methods()['run.create']({ spec: specOf(`docker run -d --name run-it-orig -e MODE=prod -v /scratch --restart always ${BUSYBOX_IMAGE} sleep 60`) });
    const form = templateToForm(await methods()['run.template']({ id: original.id }), 'duplicate');
    expect(form).toMatchObject({ name: 'run-it-orig-copy', env: [{ key: 'MODE', value: 'prod' }], restart: 'always', command: 'sleep 60' });
    made.containers.add(form.name);
    const copy = await methods()['run.create']({ spec: formToSpec(form) });
    const [a, b] = [await inspect(original.id), await inspect(copy.id)];
    expect(b.Config.Env).toEqual(a.Config.Env);
    expect(b.Config.Cmd).toEqual(['sleep', '60']);
    expect(b.Mounts[0].Name).not.toBe(a.Mounts[0].Name);
  });

  it('recreates with changes and keeps the data in its volumes, named or not', async () => {
    made.volumes.add('run-it-keep');
    const first = await methods()['run.create']({ spec: specOf(`docker run -d --name run-it-recreate --init -v run-it-keep:/named -v /unnamed -e VERSION=1 ${BUSYBOX_IMAGE} sleep 600`) });
    await exec(first.id, ['sh', '-c', 'echo named > /named/f && echo unnamed > /unnamed/f && echo layer > /layer']);
    const unnamedVolume = (await inspect(first.id)).Mounts.find((m: { Destination: string }) => m.Destination === '/unnamed').Name as string;

    const form = templateToForm(await methods()['run.template']({ id: first.id }), 'recreate');
    form.env = [{ key: 'VERSION', value: '2' }];
    const second = await methods()['run.recreate']({ id: first.id, spec: formToSpec(form) });

    expect(second).toMatchObject({ name: 'run-it-recreate' });
    expect(second.id).not.toBe(first.id);
    expect(await inspect(first.id)).toBeUndefined();
    const now = await inspect('run-it-recreate');
    expect(now.State.Running).toBe(true);
    expect(now.Config.Env).toContain('VERSION=2');
    expect(await exec(second.id, ['cat', '/named/f', '/unnamed/f'])).toBe('named\nunnamed\n');
    expect(now.Mounts.find((m: { Destination: string }) => m.Destination === '/unnamed').Name).toBe(unnamedVolume);
    // What it wrote outside its volumes is gone, as the dialog says.
    expect((await engine.docker(['exec', second.id, 'cat', '/layer'])).code).not.toBe(0);
  });

  it('puts the old container back, running, when the new one cannot start', async () => {
    const first = await methods()['run.create']({ spec: specOf(`docker run -d --name run-it-restore --init ${BUSYBOX_IMAGE} sleep 600`) });
    const broken = specOf(`docker run --name run-it-restore ${BUSYBOX_IMAGE} /no/such/program`);
    await expect(methods()['run.recreate']({ id: first.id, spec: broken })).rejects.toThrow();
    const back = await inspect('run-it-restore');
    expect(back.Id).toBe(first.id);
    expect(back.State.Running).toBe(true);
    const names = (await engine.request('GET', '/containers/json?all=1')).json.map((c: { Names: string[] }) => c.Names[0]);
    expect(names.filter((n: string) => n.startsWith('/run-it-restore'))).toEqual(['/run-it-restore']);
  });
});
