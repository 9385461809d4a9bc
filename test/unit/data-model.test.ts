import type { ContainerInfo } from 'dockerode';
import { describe, expect, it } from 'vitest';
import { summarise } from '../../engine/docker/disk-usage';
import { engineError } from '../../engine/docker/engine-errors';
import { attachmentsOf } from '../../engine/docker/networks';
import { entryPath } from '../../engine/docker/volume-archive';
import { contentDisposition } from '../../engine/rpc/downloads';
import { parseKeyValues } from '../../renderer/src/components/KeyValueField';
import { modeString, volumeNameProblem } from '../../renderer/src/features/volumes/list';

const container = (name: string, more: Record<string, unknown>) => ({ Id: `${name}-id`, Names: [`/${name}`], State: 'running', Labels: {}, Mounts: [], ...more }) as unknown as ContainerInfo;

describe('disk usage by kind', () => {
  it('counts what containers use and what could go, like docker system df but without calling shared layers free', () => {
    const [images, containers, volumes, cache] = summarise({
      LayersSize: 100,
      // The image in use shares all its layers with a dangling copy: removing the copy frees nothing.
      Images: [
        { Id: 'a', Size: 100, SharedSize: 100, Containers: 1, Created: 0 },
        { Id: 'b', Size: 100, SharedSize: 100, Containers: 0, Created: 0 },
      ],
      Containers: [
        { Id: 'c1', State: 'running', SizeRw: 10, Image: 'a', ImageID: 'a', Created: 0 },
        { Id: 'c2', State: 'exited', SizeRw: 5, Image: 'a', ImageID: 'a', Created: 0 },
      ],
      Volumes: [
        { Name: 'v1', Driver: 'local', Mountpoint: '', Scope: 'local', UsageData: { Size: 7, RefCount: 1 } },
        { Name: 'v2', Driver: 'local', Mountpoint: '', Scope: 'local', UsageData: { Size: 3, RefCount: 0 } },
        { Name: 'nfs', Driver: 'nfs', Mountpoint: '', Scope: 'local', UsageData: { Size: -1, RefCount: 0 } },
      ],
      BuildCache: [{ ID: 'x', InUse: false, Shared: false, Size: 20 }],
    });
    expect(images).toEqual({ kind: 'images', count: 2, active: 1, totalBytes: 100, reclaimableBytes: 0 });
    expect(containers).toEqual({ kind: 'containers', count: 2, active: 1, totalBytes: 15, reclaimableBytes: 5 });
    expect(volumes).toEqual({ kind: 'volumes', count: 3, active: 1, totalBytes: 10, reclaimableBytes: 3 });
    expect(cache).toEqual({ kind: 'build-cache', count: 1, active: 0, totalBytes: 20, reclaimableBytes: 20 });
  });
});

describe('who is on which network', () => {
  it('finds a never-started container’s networks by name, and each container’s mode', () => {
    const { byNetwork, containers } = attachmentsOf([
      container('web', { HostConfig: { NetworkMode: 'app' }, NetworkSettings: { Networks: { app: { NetworkID: 'n1', IPAddress: '10.0.0.2' } } } }),
      container('new', { State: 'created', HostConfig: { NetworkMode: 'app' }, NetworkSettings: { Networks: { app: { NetworkID: '', IPAddress: '' } } } }),
      container('side', { HostConfig: { NetworkMode: 'container:web-id' }, NetworkSettings: { Networks: {} } }),
      container('helper', { Labels: { 'io.berth.volume-helper': 'export' }, HostConfig: { NetworkMode: 'none' }, NetworkSettings: { Networks: { none: {} } } }),
    ]);
    expect(byNetwork.app!.map((a) => [a.containerName, a.ipv4])).toEqual([
      ['web', '10.0.0.2'],
      ['new', undefined],
    ]);
    expect(containers.map((c) => [c.containerName, c.mode, c.sharesWith])).toEqual([
      ['new', 'bridge', undefined],
      ['side', 'container', 'web'],
      ['web', 'bridge', undefined],
    ]);
  });
});

describe('archives and downloads', () => {
  it('reads entry names relative to the archive’s root and refuses ones that step out of it', () => {
    expect(entryPath('./')).toBe('');
    expect(entryPath('./a/b/')).toBe('a/b');
    expect(entryPath('/abs/c')).toBe('abs/c');
    expect(() => entryPath('../etc/passwd')).toThrow(/outside the folder/);
    expect(() => entryPath('a/../../x')).toThrow(/outside the folder/);
  });

  it('names a download with a plain fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('tée "1".jpg')).toBe(`attachment; filename="t_e _1_.jpg"; filename*=UTF-8''t%C3%A9e%20%221%22.jpg`);
  });
});

describe('the volume forms', () => {
  it('reads labels one key=value per line and says which line is not one', () => {
    expect(parseKeyValues('a=1\n\n b = two words \n')).toEqual({ values: { a: '1', b: 'two words' } });
    expect(parseKeyValues('a=1\noops').problem).toBe('Line 2 (“oops”) needs the form key=value.');
  });

  it('checks a new volume’s name the way the engine will', () => {
    expect(volumeNameProblem('db-data', [])).toBeUndefined();
    expect(volumeNameProblem('x', [])).toMatch(/two or more/);
    expect(volumeNameProblem('db-data', ['db-data'])).toMatch(/already exists/);
  });

  it('shows permissions as ls does', () => {
    expect(modeString(0o755, 'folder')).toBe('drwxr-xr-x');
    expect(modeString(0o600, 'file')).toBe('-rw-------');
    expect(modeString(0o777, 'symlink')).toBe('lrwxrwxrwx');
  });
});

describe('engine messages about volumes and networks', () => {
  it('says which volume driver is missing and what to do', () => {
    const e = engineError({ statusCode: 404, json: { message: 'create xx: error looking up volume plugin nfs: plugin "nfs" not found' } }, 'unix:///x');
    expect(e.message).toBe('The volume driver “nfs” is not installed on the engine: install its plugin first, or use the local driver (its options can mount NFS or tmpfs).');
    expect(e.code).toBe('not-installed');
  });
});
