/**
 * The Swarm pages' backend against a real swarm of three engines (test/harness/swarm.ts): nodes, a
 * service spread over the three nodes, draining, a rolling update and its rollback, service logs from
 * every node, secrets, stacks compared with what `docker stack deploy` makes, and init/join/leave.
 * Outcomes are checked through the Engine API of the nodes, not only through Berth's answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceDetails } from '../../engine/contract/swarm-types';
import { BUSYBOX_IMAGE } from '../harness/image';
import type { TestSwarm } from '../harness/swarm';
import { startSwarm } from '../harness/swarm';
import type { SwarmBackend } from './swarm-fixtures';
import { backendOn, until } from './swarm-fixtures';

let swarm: TestSwarm;
let berth: SwarmBackend;

beforeAll(async () => {
  swarm = await startSwarm();
  berth = await backendOn(swarm.manager);
}, 120_000);

afterAll(async () => {
  await berth?.stop();
  await swarm?.stop();
}, 120_000);

const hostnames = ['swarm-node-1', 'swarm-node-2', 'swarm-node-3'];
const manager = () => swarm.manager;

function form(name: string, extra: Record<string, unknown> = {}) {
  return { name, image: BUSYBOX_IMAGE, // Stops at once when asked (busybox sleep as PID 1 would wait out the 10 s grace period).
    command: ['sh', '-c', 'trap "exit 0" TERM; echo "hello from $NODE"; sleep 600 & wait'], env: ['NODE={{.Node.Hostname}}'], ...extra };
}

/** Running tasks of a service, by node hostname, from the manager's Engine API. */
async function runningTasksByNode(service: string): Promise<string[]> {
  const nodes = (await manager().request('GET', '/nodes')).json as { ID: string; Description: { Hostname: string } }[];
  const host = new Map(nodes.map((n) => [n.ID, n.Description.Hostname]));
  const filters = encodeURIComponent(JSON.stringify({ service: [service], 'desired-state': ['running'] }));
  const tasks = (await manager().request('GET', `/tasks?filters=${filters}`)).json as { NodeID: string; Status: { State: string } }[];
  return tasks.filter((t) => t.Status.State === 'running').map((t) => host.get(t.NodeID) ?? t.NodeID).sort();
}

describe('the swarm and its nodes', () => {
  it('says this engine is a manager of a three-node swarm, and lists the nodes with what the engine knows of them', async () => {
    const info = await berth.call('swarm.info', {});
    expect(info).toMatchObject({ state: 'active', role: 'manager', managers: 1, nodes: 3 });
    const nodes = await berth.call('nodes.list', {});
    expect(nodes.map((n) => n.hostname).sort()).toEqual(hostnames);
    const first = nodes.find((n) => n.hostname === 'swarm-node-1')!;
    expect(first).toMatchObject({ role: 'manager', availability: 'active', status: 'ready', managerReachability: 'reachable', leader: true, self: true });
    expect(first.engineVersion).toMatch(/^\d+\.\d+/);
    expect(first.cpus).toBeGreaterThan(0);
    expect(first.memoryBytes).toBeGreaterThan(0);
    expect(nodes.filter((n) => n.role === 'worker')).toHaveLength(2);
  });

  it('edits labels, promotes and demotes a node; removing a node that is up is refused in words', async () => {
    const id = (await berth.call('nodes.list', {})).find((n) => n.hostname === 'swarm-node-2')!.id;
    await berth.call('nodes.update', { id, labels: { zone: 'b' } });
    expect((await manager().request('GET', `/nodes/${id}`)).json.Spec.Labels).toEqual({ zone: 'b' });
    await berth.call('nodes.update', { id, role: 'manager' });
    expect((await manager().request('GET', `/nodes/${id}`)).json.Spec.Role).toBe('manager');
    await until(() => berth.call('nodes.list', {}), (list) => list.find((n) => n.id === id)?.managerReachability === 'reachable', 30_000);
    await berth.call('nodes.update', { id, role: 'worker' });
    expect((await manager().request('GET', `/nodes/${id}`)).json.Spec).toMatchObject({ Role: 'worker', Labels: { zone: 'b' } });
    await expect(berth.call('nodes.remove', { id })).rejects.toThrow(/swarm-node-2 is up: a node is removed once it has left the swarm or is down/);
    expect((await manager().request('GET', `/nodes/${id}`)).status).toBe(200);
    const self = (await berth.call('nodes.list', {})).find((n) => n.self)!;
    await expect(berth.call('nodes.update', { id: self.id, role: 'worker' })).rejects.toThrow(/only manager: promote another node first/);
  });

  it('shows join tokens when asked and rotates one so the old one stops working', async () => {
    const before = await berth.call('swarm.joinTokens', {});
    expect(before.worker).toMatch(/^SWMTKN-1-/);
    expect(before.joinAddress).toBe(`${manager().address}:2377`);
    const after = await berth.call('swarm.rotateToken', { role: 'worker' });
    expect(after.worker).not.toBe(before.worker);
    expect(after.manager).toBe(before.manager);
    expect((await manager().request('GET', '/swarm')).json.JoinTokens.Worker).toBe(after.worker);
  });
});

describe('services', () => {
  let web: string;

  it('creates a 3-replica service whose tasks run on the three nodes', async () => {
    const created = await berth.call('services.create', {
      form: form('web', { replicas: 3, preferences: ['spread=node.id'], ports: [{ target: 80, mode: 'host' }], labels: { team: 'a' } }),
    });
    web = created.id;
    const spec = (await manager().request('GET', `/services/${web}`)).json.Spec;
    expect(spec).toMatchObject({ Name: 'web', Labels: { team: 'a' }, Mode: { Replicated: { Replicas: 3 } } });
    // mode=host (there is no routing mesh here) and no fixed port, so two tasks can share a node once one is drained.
    expect(spec.EndpointSpec.Ports).toEqual([{ Protocol: 'tcp', TargetPort: 80, PublishMode: 'host' }]);
    expect(spec.TaskTemplate.Placement.Preferences).toEqual([{ Spread: { SpreadDescriptor: 'node.id' } }]);
    expect(await until(() => runningTasksByNode(web), (n) => n.length === 3)).toEqual(hostnames);
    const details = await berth.call('services.inspect', { id: web });
    expect(details.service).toMatchObject({ name: 'web', mode: 'replicated', running: 3, desired: 3, image: BUSYBOX_IMAGE });
    expect(details.tasks.filter((t) => t.desiredState === 'running').map((t) => t.nodeHostname).sort()).toEqual(hostnames);
    expect(details.tasks.every((t) => t.current && t.since)).toBe(true);
    expect((await berth.call('services.list', {})).find((s) => s.id === web)?.ports).toEqual([{ target: 80, protocol: 'tcp', mode: 'host' }]);
  });

  it('merges the service’s log from every node, following and downloaded', async () => {
    const follow = berth.session.open('logs.follow', { containerId: web, source: 'service', from: { tail: 100 } });
    const seen = () => (follow.events as { type: string; lines?: { text: string }[] }[]).flatMap((e) => e.lines ?? []).map((l) => l.text);
    await until(async () => seen(), (lines) => hostnames.every((h) => lines.some((l) => l.includes(`hello from ${h}`))), 30_000);
    follow.close();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-swarm-log-')), 'web.log');
    const download = berth.session.open('logs.download', { containerId: web, source: 'service', timestamps: false, fileName: 'web.log', target: { kind: 'path', path: file } });
    expect(await download.ended).toBeUndefined();
    const text = fs.readFileSync(file, 'utf8');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    for (const h of hostnames) expect(text).toContain(`hello from ${h}`);
  });

  it('drains a node and its task moves to the others; activating it takes tasks again', async () => {
    const node3 = (await berth.call('nodes.list', {})).find((n) => n.hostname === 'swarm-node-3')!;
    await berth.call('nodes.update', { id: node3.id, availability: 'drain' });
    const moved = await until(() => runningTasksByNode(web), (n) => n.length === 3 && !n.includes('swarm-node-3'));
    expect(moved.every((h) => h === 'swarm-node-1' || h === 'swarm-node-2')).toBe(true);
    expect((await manager().request('GET', `/nodes/${node3.id}`)).json.Spec.Availability).toBe('drain');
    await berth.call('nodes.update', { id: node3.id, availability: 'active' });
    expect((await manager().request('GET', `/nodes/${node3.id}`)).json.Spec.Availability).toBe('active');
  });

  it('scales, then updates the image with the rolling update seen task by task, then rolls back', async () => {
    await berth.call('services.scale', { id: web, replicas: 2 });
    await until(() => runningTasksByNode(web), (n) => n.length === 2);
    await berth.call('services.scale', { id: web, replicas: 3 });
    await until(() => runningTasksByNode(web), (n) => n.length === 3);
    for (const node of swarm.nodes) expect((await node.request('POST', `/images/${encodeURIComponent(BUSYBOX_IMAGE)}/tag?repo=berth-test/busybox&tag=v2`)).status).toBe(201);
    const current = (await berth.call('services.inspect', { id: web })).form;
    await berth.call('services.update', {
      id: web,
      form: { ...current, image: 'berth-test/busybox:v2', update: { ...current.update, parallelism: 1, delaySeconds: 0.5, monitorSeconds: 0.5 }, rollback: { ...current.rollback, parallelism: 1, delaySeconds: 0, monitorSeconds: 0.5 } },
    });
    const snapshots: ServiceDetails[] = [];
    const done = await until(
      async () => {
        const d = await berth.call('services.inspect', { id: web });
        snapshots.push(d);
        return d;
      },
      (d) => d.service.update?.state === 'completed',
      90_000,
    );
    const running = (d: ServiceDetails) => d.tasks.filter((t) => t.desiredState === 'running' && t.state === 'running');
    // Part way: some running tasks already from the new spec, some still from the old.
    expect(snapshots.some((d) => running(d).some((t) => t.current) && running(d).some((t) => !t.current))).toBe(true);
    expect(running(done).every((t) => t.current && t.image === 'berth-test/busybox:v2')).toBe(true);
    expect((await manager().request('GET', `/services/${web}`)).json.Spec.TaskTemplate.ContainerSpec.Image).toMatch(/^berth-test\/busybox:v2/);
    expect(done.service.canRollback).toBe(true);

    await berth.call('services.rollback', { id: web });
    const back = await until(() => berth.call('services.inspect', { id: web }), (d) => d.service.update?.state === 'rollback_completed', 90_000);
    expect(back.service.image).toBe(BUSYBOX_IMAGE);
    expect((await manager().request('GET', `/services/${web}`)).json.Spec.TaskTemplate.ContainerSpec.Image).toMatch(/^berth-test\/busybox:latest/);
    await until(() => runningTasksByNode(web), (n) => n.length === 3);
  });

  it('removes the service', async () => {
    expect(await berth.call('services.remove', { id: web })).toEqual({ name: 'web' });
    expect((await manager().request('GET', `/services/${web}`)).status).toBe(404);
  });
});

describe('secrets and configs', () => {
  const VALUE = 'pw-7f3a9c-never-shown-again';

  it('creates a secret, mounts it in a service, and its value is in no answer after creation', async () => {
    const from = berth.answers.length;
    const secret = await berth.call('secrets.create', { name: 'db-password', value: { encoding: 'text', data: VALUE }, labels: {} });
    expect((await manager().request('GET', `/secrets/${secret.id}`)).json.Spec.Name).toBe('db-password');
    const svc = await berth.call('services.create', {
      form: form('reader', { constraints: ['node.role==manager'], secrets: [{ name: 'db-password', target: 'db' }] }),
    });
    await until(() => runningTasksByNode(svc.id), (n) => n.length === 1);
    const task = (await berth.call('services.inspect', { id: svc.id })).tasks.find((t) => t.state === 'running')!;
    const exec = await manager().docker(['exec', task.containerId!, 'cat', '/run/secrets/db']);
    expect(exec.stdout).toBe(VALUE);
    await expect(berth.call('secrets.remove', { id: secret.id })).rejects.toThrow(/db-password is used by service reader: remove it from that service/);
    await berth.call('secrets.list', {});
    await berth.call('services.inspect', { id: svc.id });
    await berth.call('services.list', {});
    const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-swarm-log-')), 'reader.log');
    const logs = berth.session.open('logs.download', { containerId: svc.id, source: 'service', timestamps: true, fileName: 'reader.log', target: { kind: 'path', path: logFile } });
    await logs.ended;
    const answers = [...berth.answers.slice(from), ...logs.events.map((e) => JSON.stringify(e)), fs.readFileSync(logFile, 'utf8')];
    fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
    expect(answers.length).toBeGreaterThan(5);
    for (const a of answers) expect(a).not.toContain(VALUE);
    expect(answers.join('')).not.toContain(Buffer.from(VALUE).toString('base64'));
    await berth.call('services.remove', { id: svc.id });
    await berth.call('secrets.remove', { id: secret.id });
    expect((await manager().request('GET', `/secrets/${secret.id}`)).status).toBe(404);
  });

  it('refuses a secret name the engine would refuse, in words, and makes nothing', async () => {
    await expect(berth.call('secrets.create', { name: 'bad name!', value: { encoding: 'text', data: 'x' } })).rejects.toThrow(/name: letters, digits, dots, dashes and underscores/);
    await expect(berth.call('secrets.create', { name: '-leading', value: { encoding: 'text', data: 'x' } })).rejects.toThrow(/starting and ending with a letter or digit/);
    expect((await manager().request('GET', '/secrets')).json).toEqual([]);
  });

  it('creates a config from a file’s bytes and shows its text', async () => {
    const config = await berth.call('configs.create', { name: 'app-conf', value: { encoding: 'base64', data: Buffer.from('port=80\n').toString('base64') }, labels: { a: 'b' } });
    expect(await berth.call('configs.inspect', { id: config.id })).toMatchObject({ name: 'app-conf', text: 'port=80\n', sizeBytes: 8, labels: { a: 'b' } });
    await berth.call('configs.remove', { id: config.id });
    expect((await manager().request('GET', `/configs/${config.id}`)).status).toBe(404);
  });
});

describe('stacks', () => {
  const COMPOSE = `version: "3.8"
services:
  api:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo api up; exec sleep 600"]
    environment:
      MODE: production
    labels:
      tier: backend
    deploy:
      replicas: 2
      labels:
        owner: team-a
      placement:
        constraints: ["node.role == worker"]
      resources:
        limits: { cpus: "0.5", memory: 64M }
      update_config: { parallelism: 1, delay: 2s, order: start-first }
      restart_policy: { condition: on-failure }
    ports:
      - target: 80
        mode: host
    networks: [back]
    secrets:
      - source: token
        target: api-token
  worker:
    image: ${BUSYBOX_IMAGE}
    command: ["sleep", "600"]
    deploy:
      mode: global
    networks: [back]
networks:
  back:
    driver: overlay
    labels: { purpose: test }
secrets:
  token:
    external: true
    name: stack-token
`;

  /** What the stack made, with the stack's name and the ids and times every object has of its own taken out. */
  async function madeBy(stack: string): Promise<unknown> {
    const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }));
    const rename = (text: string) => text.replaceAll(`${stack}_`, 'STACK_').replaceAll(`"${stack}"`, '"STACK"');
    const services = ((await manager().request('GET', `/services?filters=${filters}`)).json as { Spec: { Name: string } }[]).map((s) => s.Spec).sort((a, b) => a.Name.localeCompare(b.Name));
    const networks = ((await manager().request('GET', `/networks?filters=${filters}`)).json as Record<string, unknown>[])
      .map(({ Name, Driver, Scope, Attachable, Internal, Labels, Options }) => ({ Name, Driver, Scope, Attachable, Internal, Labels, Options }))
      // The overlay's VXLAN id is the engine's to hand out, one per network.
      .map((n) => ({ ...n, Options: { ...(n.Options as Record<string, string>), 'com.docker.network.driver.overlay.vxlanid_list': 'any' } }));
    const networkIds = new Map(((await manager().request('GET', `/networks?filters=${filters}`)).json as { Id: string; Name: string }[]).map((n) => [n.Id, n.Name]));
    let text = JSON.stringify({ services, networks });
    for (const [id, name] of networkIds) text = text.replaceAll(id, name);
    return JSON.parse(rename(text));
  }

  it('deploys a Compose file as a stack with the same specs `docker stack deploy` makes, lists it, and removes it', async () => {
    await berth.call('secrets.create', { name: 'stack-token', value: { encoding: 'text', data: 'abc' } });
    const deployed = await berth.call('stacks.deploy', { name: 'bstack', compose: COMPOSE });
    expect(deployed.name).toBe('bstack');
    expect(deployed.services.map((s) => s.name)).toEqual(['bstack_api', 'bstack_worker']);
    expect(deployed.networks).toEqual(['bstack_back']);
    const cli = await manager().docker(['stack', 'deploy', '-c', '-', 'cstack'], { input: COMPOSE });
    expect(cli.code, cli.stderr).toBe(0);
    expect(await madeBy('bstack')).toEqual(await madeBy('cstack'));
    const listed = await berth.call('stacks.list', {});
    expect(listed.map((s) => s.name)).toEqual(['bstack', 'cstack']);

    // Redeploying a changed file updates the stack in place.
    await berth.call('stacks.deploy', { name: 'bstack', compose: COMPOSE.replace('replicas: 2', 'replicas: 1') });
    const api = (await manager().request('GET', '/services/bstack_api')).json;
    expect(api.Spec.Mode.Replicated.Replicas).toBe(1);

    expect(await berth.call('stacks.remove', { name: 'bstack' })).toEqual({ name: 'bstack' });
    const left = encodeURIComponent(JSON.stringify({ label: ['com.docker.stack.namespace=bstack'] }));
    expect((await manager().request('GET', `/services?filters=${left}`)).json).toEqual([]);
    // The manager forgets a removed overlay network once its tasks on every node are gone.
    await until(() => manager().request('GET', `/networks?filters=${left}`), (r) => Array.isArray(r.json) && r.json.length === 0, 30_000);
    expect((await manager().docker(['stack', 'rm', 'cstack'])).code).toBe(0);
  });

  it('refuses a file that is not valid Compose, in words, and makes nothing', async () => {
    await expect(berth.call('stacks.deploy', { name: 'broken', compose: 'services:\n  web:\n    image: [unclosed\n' })).rejects.toThrow(/This is not a Compose file the stack can be deployed from: .+/);
    await expect(berth.call('stacks.deploy', { name: 'broken', compose: 'services:\n  web:\n    imagee: busybox\n' })).rejects.toThrow(/imagee/);
    expect((await berth.call('stacks.list', {})).find((s) => s.name === 'broken')).toBeUndefined();
  });

  it('leaves no partial stack when the engine refuses part of it', async () => {
    // The CLI makes the network, then fails on the service's secret that does not exist.
    const compose = `version: "3.8"\nservices:\n  app:\n    image: ${BUSYBOX_IMAGE}\n    networks: [net]\n    secrets: [missing]\nnetworks:\n  net: {}\nsecrets:\n  missing:\n    external: true\n    name: no-such-secret\n`;
    await expect(berth.call('stacks.deploy', { name: 'partial', compose })).rejects.toThrow(/The stack partial could not be deployed, and nothing of it was left behind: .*no-such-secret/);
    const filters = encodeURIComponent(JSON.stringify({ label: ['com.docker.stack.namespace=partial'] }));
    expect((await manager().request('GET', `/networks?filters=${filters}`)).json).toEqual([]);
    expect((await manager().request('GET', `/services?filters=${filters}`)).json).toEqual([]);
  });
});

describe('seen from a worker, and init, join and leave', () => {
  let onWorker: SwarmBackend | undefined;
  afterAll(() => onWorker?.stop());

  it('a worker says it is one and what it cannot show; it leaves, makes a swarm of its own, leaves that, and joins again', async () => {
    const node3 = swarm.nodes[2]!;
    onWorker = await backendOn(node3);
    expect(await onWorker.call('swarm.info', {})).toMatchObject({ state: 'active', role: 'worker', managerAddresses: [`${manager().address}:2377`] });
    await expect(onWorker.call('services.list', {})).rejects.toThrow(/This engine is a worker in its swarm: only a manager can list or change nodes, services/);

    expect(await onWorker.call('swarm.leave', { force: false })).toMatchObject({ state: 'inactive' });
    await expect(onWorker.call('nodes.list', {})).rejects.toThrow(/not part of a swarm/);
    expect(await onWorker.call('swarm.init', { advertiseAddress: node3.address })).toMatchObject({ state: 'active', role: 'manager', nodes: 1 });
    await expect(onWorker.call('swarm.leave', { force: false })).rejects.toThrow(/This engine is a manager: leaving .* Leave with force/);
    expect(await onWorker.call('swarm.leave', { force: true })).toMatchObject({ state: 'inactive' });

    const { worker } = await berth.call('swarm.joinTokens', {});
    await expect(onWorker.call('swarm.join', { managerAddress: manager().address, token: 'SWMTKN-1-abc-def', advertiseAddress: node3.address })).rejects.toThrow(/Joining the swarm failed|join token/);
    expect(await onWorker.call('swarm.join', { managerAddress: manager().address, token: worker, advertiseAddress: node3.address })).toMatchObject({ state: 'active', role: 'worker' });
    const ready = await until(() => manager().request('GET', '/nodes'), (r) => (r.json as { Status: { State: string }; Description: { Hostname: string } }[]).filter((n) => n.Description.Hostname === 'swarm-node-3' && n.Status.State === 'ready').length === 1, 30_000);
    expect(ready.status).toBe(200);
    // The old entry of node 3 is down now, so it can be removed.
    const down = await until(() => berth.call('nodes.list', {}), (list) => list.some((n) => n.hostname === 'swarm-node-3' && n.status === 'down'), 30_000);
    const old = down.find((n) => n.hostname === 'swarm-node-3' && n.status === 'down')!;
    expect(await berth.call('nodes.remove', { id: old.id })).toEqual({ hostname: 'swarm-node-3' });
    expect((await manager().request('GET', `/nodes/${old.id}`)).status).toBe(404);
  });
});
