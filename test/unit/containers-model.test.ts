import type { ContainerInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import { resourcesTouchedBy } from '../../engine/docker/connection';
import { settleAll, toContainerSummary } from '../../engine/docker/containers';
import { engineError } from '../../engine/docker/engine-errors';

const base = {
  Id: 'a'.repeat(64),
  Names: ['/shop-web-1'],
  Image: 'nginx:latest',
  ImageID: 'sha256:' + 'b'.repeat(64),
  Command: 'nginx -g daemon off;',
  Created: 1_700_000_000,
  State: 'running',
  Status: 'Up 3 minutes',
  Ports: [
    { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { PrivatePort: 443, Type: 'tcp' },
  ],
  Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
  Mounts: [
    { Type: 'volume', Name: 'c'.repeat(64), Source: '', Destination: '/data', Driver: 'local', Mode: '', RW: true, Propagation: '' },
    { Type: 'volume', Name: 'named', Source: '', Destination: '/named', Driver: 'local', Mode: '', RW: true, Propagation: '' },
    { Type: 'bind', Source: '/home/me', Destination: '/src', Mode: '', RW: true, Propagation: '' },
  ],
} as unknown as ContainerInfo;

describe('a container as the list shows it', () => {
  it('has its name without the slash, its Compose project and service', () => {
    expect(toContainerSummary(base)).toMatchObject({ name: 'shop-web-1', composeProject: 'shop', composeService: 'web', state: 'running' });
  });

  it('lists a port published on IPv4 and IPv6 once', () => {
    expect(toContainerSummary(base).ports).toEqual([
      { privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp' },
      { privatePort: 443, publicPort: undefined, ip: undefined, type: 'tcp' },
    ]);
  });

  it('counts only anonymous volumes as the ones removal can take along', () => {
    expect(toContainerSummary(base).anonymousVolumes).toBe(1);
  });
});

describe('acting on several containers', () => {
  it('reports each container’s outcome so one failure does not hide the others', async () => {
    const result = await settleAll(
      ['a', 'b', 'c'],
      async (id) => {
        if (id === 'b') throw new Error('no such container');
      },
      (e) => `failed: ${(e as Error).message}`,
    );
    expect(result).toEqual({ done: ['a', 'c'], failed: [{ id: 'b', message: 'failed: no such container' }] });
  });
});

describe('engine events', () => {
  it('mark the lists they change as stale', () => {
    expect(resourcesTouchedBy({ Type: 'container', Action: 'start' })).toEqual(['containers']);
    expect(resourcesTouchedBy({ Type: 'container', Action: 'destroy' })).toEqual(['containers', 'volumes', 'images']);
    expect(resourcesTouchedBy({ Type: 'network', Action: 'connect' })).toEqual(['networks', 'containers']);
    expect(resourcesTouchedBy({ Type: 'daemon', Action: 'reload' })).toEqual([]);
    expect(resourcesTouchedBy({ Type: 'container', Action: 'exec_start: sh' })).toEqual([]);
    expect(resourcesTouchedBy({ Type: 'container', Action: 'archive-path' })).toEqual([]);
    expect(resourcesTouchedBy({ Type: 'container', Action: 'die' })).toEqual(['containers']);
  });
});

describe('engine failures', () => {
  const fail = (statusCode: number, message: string) => Object.assign(new Error('x'), { statusCode, json: { message } });

  it('say a host port is taken in words the user can act on', () => {
    const e = engineError(fail(500, 'driver failed programming external connectivity on endpoint clash (abc): Bind for 0.0.0.0:8090 failed: port is already allocated'), 'unix:///x');
    expect(e.message).toBe('Port 8090 is already in use on this machine: choose another host port, or stop what uses it.');
    expect(e.code).toBe('conflict');
  });

  it('keep the engine’s own clear messages, as sentences, with a code from the status', () => {
    const e = engineError(fail(404, 'No such container: web'), 'unix:///x');
    expect(e.message).toBe('No such container: web.');
    expect(e.code).toBe('not-found');
  });
});
