import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../harness/context';
import type { BackendUnderTest } from './data-fixtures';
import { engine, removeContainers, startBackend } from './data-fixtures';

let t: BackendUnderTest;
const containers: string[] = [];
const networks: string[] = [];

beforeAll(async () => {
  t = await startBackend();
});

afterAll(async () => {
  await removeContainers(...containers);
  for (const n of networks) await engine.request('DELETE', `/networks/${n}`);
  await t?.stop();
});

async function runContainer(name: string, hostConfig: Record<string, unknown> = {}): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], HostConfig: { Init: true, ...hostConfig } });
  expect(res.status, res.text).toBe(201);
  containers.push(res.json.Id);
  expect((await engine.request('POST', `/containers/${res.json.Id}/start`)).status).toBe(204);
  return res.json.Id as string;
}

const inspect = async (id: string) => (await engine.request('GET', `/networks/${id}`)).json;

describe('creating bridge networks', () => {
  it('refuses addressing that does not add up, in words, before the engine sees it', async () => {
    await expect(t.session.call('networks.create', { name: 'nt-bad', subnet: '10.0.0.0/33' })).rejects.toThrow(
      /subnet: The prefix length “\/33” must be a number from 8 to 30, for example 10\.10\.0\.0\/24\./,
    );
    await expect(t.session.call('networks.create', { name: 'nt-bad', subnet: '10.60.0.0/24', gateway: '10.60.1.1' })).rejects.toThrow(
      /The gateway 10\.60\.1\.1 is outside the subnet 10\.60\.0\.0\/24: choose an address from 10\.60\.0\.1 to 10\.60\.0\.254\./,
    );
    await expect(t.session.call('networks.create', { name: 'nt-bad', subnet: '10.60.0.0/24', ipRange: '10.61.0.0/25' })).rejects.toThrow(/not inside the subnet/);
    await expect(t.session.call('networks.create', { name: 'host' })).rejects.toThrow(/names of the engine’s own networks/);
    expect((await inspect('nt-bad')).message).toMatch(/not found/);
  });

  it('creates a network with subnet, gateway, range, flags and labels, as the engine then reports', async () => {
    networks.push('nt-app');
    const created = await t.session.call('networks.create', {
      name: 'nt-app',
      subnet: '10.61.0.0/24',
      gateway: '10.61.0.1',
      ipRange: '10.61.0.128/25',
      internal: true,
      attachable: true,
      labels: { team: 'data' },
    });
    expect(created).toMatchObject({ name: 'nt-app', driver: 'bridge', internal: true, attachable: true, subnets: [{ subnet: '10.61.0.0/24', gateway: '10.61.0.1', ipRange: '10.61.0.128/25' }] });
    const n = await inspect('nt-app');
    expect(n).toMatchObject({ Driver: 'bridge', Internal: true, Attachable: true, Labels: { team: 'data' } });
    expect(n.IPAM.Config).toEqual([{ Subnet: '10.61.0.0/24', Gateway: '10.61.0.1', IPRange: '10.61.0.128/25' }]);
  });

  it('refuses a name or a subnet another network has, naming it', async () => {
    await expect(t.session.call('networks.create', { name: 'nt-app' })).rejects.toThrow('A network named “nt-app” already exists: choose another name.');
    await expect(t.session.call('networks.create', { name: 'nt-overlap', subnet: '10.61.0.0/16' })).rejects.toThrow(
      '10.61.0.0/16 overlaps network nt-app (10.61.0.0/24): choose a range no other network uses.',
    );
  });
});

describe('connecting containers', () => {
  it('connects a running container with an alias and a fixed address, and disconnects it', async () => {
    const id = await runContainer('nt-web');
    const details = await t.session.call('networks.connect', { network: 'nt-app', container: 'nt-web', aliases: ['api'], ipv4: '10.61.0.200' });
    const endpoint = (await engine.request('GET', `/containers/${id}/json`)).json.NetworkSettings.Networks['nt-app'];
    expect(endpoint.IPAddress).toBe('10.61.0.200');
    expect(endpoint.Aliases).toContain('api');
    expect(details.containers).toEqual([expect.objectContaining({ containerName: 'nt-web', ipv4: '10.61.0.200', aliases: expect.arrayContaining(['api']) })]);

    const attachments = await t.session.call('networks.attachments', {});
    expect(attachments.byNetwork['nt-app']).toEqual([expect.objectContaining({ containerName: 'nt-web', state: 'running', ipv4: '10.61.0.200' })]);

    await t.session.call('networks.disconnect', { network: 'nt-app', container: 'nt-web' });
    expect((await engine.request('GET', `/containers/${id}/json`)).json.NetworkSettings.Networks['nt-app']).toBeUndefined();
    expect(Object.keys((await inspect('nt-app')).Containers)).toEqual([]);
  });

  it('refuses a fixed address outside the subnet or on a network without a subnet of its own', async () => {
    await runContainer('nt-other');
    await expect(t.session.call('networks.connect', { network: 'nt-app', container: 'nt-other', ipv4: '10.9.9.9' })).rejects.toThrow(
      '10.9.9.9 is outside nt-app’s subnet (10.61.0.0/24): choose an address inside it.',
    );
    networks.push('nt-auto');
    await t.session.call('networks.create', { name: 'nt-auto' });
    const auto = (await inspect('nt-auto')).IPAM.Config[0].Subnet as string;
    const inside = auto.replace(/\.0\/\d+$/, '.9');
    await expect(t.session.call('networks.connect', { network: 'nt-auto', container: 'nt-other', ipv4: inside })).rejects.toThrow(/A fixed address needs a network created with a subnet of your own/);
  });

  it('refuses to remove a network while containers are on it, naming them', async () => {
    await t.session.call('networks.connect', { network: 'nt-app', container: 'nt-other' });
    await expect(t.session.call('networks.remove', { id: 'nt-app' })).rejects.toThrow('nt-app still has container nt-other on it: disconnect or stop it first.');
    await t.session.call('networks.disconnect', { network: 'nt-app', container: 'nt-other' });
    expect(await t.session.call('networks.remove', { id: 'nt-app' })).toEqual({ name: 'nt-app' });
    expect((await inspect('nt-app')).message).toMatch(/not found/);
    await expect(t.session.call('networks.remove', { id: 'bridge' })).rejects.toThrow('bridge comes with the engine and cannot be removed.');
  });
});

describe('network modes', () => {
  it('shows each container’s mode: bridge, host, another container’s, or none', async () => {
    const host = await runContainer('nt-mode-host', { NetworkMode: 'host' });
    await runContainer('nt-mode-none', { NetworkMode: 'none' });
    await runContainer('nt-mode-shared', { NetworkMode: `container:${host}` });
    const modes = (await t.session.call('networks.attachments', {})).containers;
    const of = (name: string) => modes.find((m) => m.containerName === name);
    expect(of('nt-mode-host')).toMatchObject({ mode: 'host', networks: [] });
    expect(of('nt-mode-none')).toMatchObject({ mode: 'none' });
    expect(of('nt-mode-shared')).toMatchObject({ mode: 'container', sharesWith: 'nt-mode-host' });
    expect(of('nt-web')).toMatchObject({ mode: 'bridge', networks: ['bridge'] });
  });
});
