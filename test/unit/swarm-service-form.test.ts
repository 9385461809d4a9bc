import { describe, expect, it } from 'vitest';
import { resourcesTouchedBy } from '../../engine/docker/connection';
import { formOf } from '../../engine/swarm/service-spec';
import { memoryText, mountsText, parseMemory, parseMounts, parsePorts, parseReferences, portsText } from '../../renderer/src/features/swarm/service-form-text';

describe('the service form’s list fields', () => {
  it('reads ports, mounts and references as typed, and writes them back the same way', () => {
    const ports = parsePorts('8080:80/tcp\n53/udp host\n');
    expect(ports.value).toEqual([
      { target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' },
      { target: 53, published: undefined, protocol: 'udp', mode: 'host' },
    ]);
    expect(portsText(ports.value!)).toBe('8080:80/tcp\n53/udp host');
    const mounts = parseMounts('volume data:/var/lib/data\nbind /srv/www:/www ro\ntmpfs /tmp');
    expect(mounts.value).toEqual([
      { type: 'volume', source: 'data', target: '/var/lib/data', readOnly: false },
      { type: 'bind', source: '/srv/www', target: '/www', readOnly: true },
      { type: 'tmpfs', source: '', target: '/tmp', readOnly: false },
    ]);
    expect(mountsText(mounts.value!)).toBe('volume data:/var/lib/data\nbind /srv/www:/www ro\ntmpfs /tmp');
    expect(parseReferences('db-password\napp:/etc/app.conf', 'secret').value).toEqual([
      { name: 'db-password', target: '' },
      { name: 'app', target: '/etc/app.conf' },
    ]);
    expect(parseMemory('512M').value).toBe(512 * 1024 ** 2);
    expect(memoryText(2 * 1024 ** 3)).toBe('2G');
  });

  it('says in words what is wrong with a line', () => {
    expect(parsePorts('80:99999').problem).toMatch(/“80:99999” is not a port/);
    expect(parseMounts('bind data:/x').problem).toMatch(/a bind mount’s source is an absolute folder/);
    expect(parseMemory('lots').problem).toMatch(/not an amount of memory/);
    expect(parseReferences('bad name', 'secret').problem).toMatch(/not a secret/);
  });
});

describe('a service’s spec as a form', () => {
  it('reads what the engine keeps, without the digest it pins the image to', () => {
    const form = formOf({
      Name: 'web',
      Labels: { a: 'b' },
      TaskTemplate: {
        ContainerSpec: { Image: `nginx:1.27@sha256:${'a'.repeat(64)}`, Args: ['nginx'], Env: ['X=1'], Secrets: [{ SecretName: 's', File: { Name: 'f' } }] },
        Resources: { Limits: { NanoCPUs: 1.5e9, MemoryBytes: 1024 } },
        Placement: { Constraints: ['node.role==worker'], Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }] },
      },
      Mode: { Replicated: { Replicas: 4 } },
      UpdateConfig: { Parallelism: 2, Delay: 3e9, FailureAction: 'rollback', Order: 'start-first', Monitor: 1e9 },
    });
    expect(form).toMatchObject({
      name: 'web',
      image: 'nginx:1.27',
      command: ['nginx'],
      env: ['X=1'],
      replicas: 4,
      cpuLimit: 1.5,
      memoryLimitBytes: 1024,
      constraints: ['node.role==worker'],
      preferences: ['spread=node.labels.zone'],
      secrets: [{ name: 's', target: 'f' }],
      update: { parallelism: 2, delaySeconds: 3, failureAction: 'rollback', order: 'start-first', monitorSeconds: 1 },
    });
  });
});

describe('swarm events', () => {
  it('make the swarm’s lists stale, and so does a swarm task’s container on this node', () => {
    for (const Type of ['service', 'node', 'secret', 'config']) expect(resourcesTouchedBy({ Type, Action: 'update' })).toEqual(['swarm']);
    expect(resourcesTouchedBy({ Type: 'container', Action: 'die', Actor: { Attributes: { 'com.docker.swarm.task.id': 'x' } } })).toEqual(['containers', 'swarm']);
    expect(resourcesTouchedBy({ Type: 'container', Action: 'die', Actor: { Attributes: {} } })).toEqual(['containers']);
  });
});
