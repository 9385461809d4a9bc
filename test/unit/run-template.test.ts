import { describe, expect, it } from 'vitest';
import type { RunTemplate } from '../../engine/contract/run-types';
import { copyName, templateToForm } from '../../renderer/src/features/run-container/model/from-container';
import { formToCommand } from '../../renderer/src/features/run-container/model/to-command';

const anonymous = 'f'.repeat(64);

/**
 * What `docker run -d --name web -p 8080:80 -v data:/data -v /srv/conf:/etc/nginx/conf.d:ro -v /var/cache/nginx
 * -e MODE=prod --restart always --memory 512m nginx:1.27` looks like to inspect.
 */
const template: RunTemplate = {
  container: {
    Id: 'abcdef0123456789'.repeat(4),
    Name: '/web',
    Image: 'sha256:' + '1'.repeat(64),
    Config: {
      Image: 'nginx:1.27',
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: ['/docker-entrypoint.sh'],
      Env: ['MODE=prod', 'PATH=/usr/local/sbin:/usr/bin', 'NGINX_VERSION=1.27.0'],
      WorkingDir: '',
      User: '',
      Hostname: 'abcdef012345',
      Labels: { maintainer: 'NGINX', 'com.docker.compose.project': 'shop', team: 'web' },
      ExposedPorts: { '80/tcp': {} },
      Volumes: { '/var/cache/nginx': {} },
      Tty: false,
      OpenStdin: false,
    },
    HostConfig: {
      PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] },
      Binds: ['data:/data', '/srv/conf:/etc/nginx/conf.d:ro'],
      RestartPolicy: { Name: 'always', MaximumRetryCount: 0 },
      NetworkMode: 'default',
      NanoCpus: 0,
      Memory: 512 * 1024 ** 2,
      AutoRemove: false,
      Privileged: false,
      Init: null,
    },
    Mounts: [
      { Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data', RW: true },
      { Type: 'volume', Name: anonymous, Source: '', Destination: '/var/cache/nginx', RW: true },
      { Type: 'bind', Source: '/srv/conf', Destination: '/etc/nginx/conf.d', RW: false },
    ],
  },
  image: {
    Cmd: ['nginx', '-g', 'daemon off;'],
    Entrypoint: ['/docker-entrypoint.sh'],
    Env: ['PATH=/usr/local/sbin:/usr/bin', 'NGINX_VERSION=1.27.0'],
    Labels: { maintainer: 'NGINX' },
    ExposedPorts: { '80/tcp': {} },
    Volumes: null,
  },
};

describe('the Run form filled from an existing container', () => {
  it('shows only what was chosen at docker run, not what the image brings', () => {
    const form = templateToForm(template, 'recreate');
    expect(form).toMatchObject({
      image: 'nginx:1.27',
      name: 'web',
      command: '',
      entrypoint: '',
      hostname: '',
      env: [{ key: 'MODE', value: 'prod' }],
      ports: [{ hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' }],
      restart: 'always',
      network: '',
      memory: '512m',
      cpus: '',
      init: false,
    });
  });

  it('keeps every volume when recreating, the one without a name included, so no data is lost', () => {
    expect(templateToForm(template, 'recreate').volumes).toEqual([
      { kind: 'volume', source: 'data', target: '/data', readOnly: false },
      { kind: 'bind', source: '/srv/conf', target: '/etc/nginx/conf.d', readOnly: true },
      { kind: 'volume', source: anonymous, target: '/var/cache/nginx', readOnly: false },
    ]);
  });

  it('gives a copy a new volume where the original had one without a name, and a new name', () => {
    const form = templateToForm(template, 'duplicate');
    expect(form.name).toBe('web-copy');
    expect(form.volumes[2]).toEqual({ kind: 'volume', source: '', target: '/var/cache/nginx', readOnly: false });
  });

  it('leaves a copy out of the Compose project and keeps it in when recreating', () => {
    expect(templateToForm(template, 'duplicate').labels).toEqual([{ key: 'team', value: 'web' }]);
    expect(templateToForm(template, 'recreate').labels).toEqual([
      { key: 'com.docker.compose.project', value: 'shop' },
      { key: 'team', value: 'web' },
    ]);
  });

  it('keeps a replaced entrypoint and its command', () => {
    const t: RunTemplate = { ...template, container: { ...template.container, Config: { ...template.container.Config, Entrypoint: ['sh'], Cmd: ['-c', 'sleep 1'] } } };
    expect(templateToForm(t, 'duplicate')).toMatchObject({ entrypoint: 'sh', command: "-c 'sleep 1'" });
  });

  it('keeps everything when the image is gone', () => {
    const form = templateToForm({ container: template.container }, 'duplicate');
    expect(form.command).toBe(`nginx -g 'daemon off;'`);
    expect(form.env.map((e) => e.key)).toEqual(['MODE', 'PATH', 'NGINX_VERSION']);
  });

  it('reads on-failure retries, limits and switches', () => {
    const t: RunTemplate = {
      ...template,
      container: {
        ...template.container,
        Config: { ...template.container.Config, Tty: true, OpenStdin: true },
        HostConfig: { ...template.container.HostConfig, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 }, NanoCpus: 1_500_000_000, Privileged: true, Init: true, NetworkMode: 'container:db' },
      },
    };
    expect(templateToForm(t, 'recreate')).toMatchObject({ restart: 'on-failure', maxRetries: '2', cpus: '1.5', privileged: true, init: true, tty: true, interactive: true, network: 'container:db' });
  });

  it('gives the same docker run command the container was made with', () => {
    expect(formToCommand(templateToForm({ container: template.container, image: { ...template.image, Volumes: { '/var/cache/nginx': {} } } }, 'duplicate'))).toBe(
      'docker run -d --name web-copy --restart always -m 512m -p 8080:80 -v data:/data -v /srv/conf:/etc/nginx/conf.d:ro -e MODE=prod -l team=web nginx:1.27',
    );
  });

  it('writes back the options it was made with, leaving out what the engine gives every container', () => {
    const t: RunTemplate = {
      ...template,
      engine: { cgroupVersion: '1', loggingDriver: 'json-file', defaultRuntime: 'runc' },
      container: {
        ...template.container,
        Config: { ...template.container.Config, StopSignal: 'SIGINT', Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 5e9 } },
        HostConfig: {
          ...template.container.HostConfig,
          CapAdd: ['CAP_NET_ADMIN'],
          Privileged: true,
          SecurityOpt: ['label=disable'],
          IpcMode: 'private',
          CgroupnsMode: 'host',
          ShmSize: 64 * 1024 * 1024,
          Runtime: 'runc',
          LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
          Tmpfs: { '/run': 'size=64m' },
          Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
          Links: ['/db:/web/database'],
          Mounts: [{ Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 1024 } }],
        },
      },
    };
    expect(templateToForm(t, 'duplicate').options).toEqual([
      { flag: 'stop-signal', value: 'SIGINT' },
      { flag: 'health-cmd', value: 'true' },
      { flag: 'health-interval', value: '5000ms' },
      { flag: 'cap-add', value: 'CAP_NET_ADMIN' },
      { flag: 'ulimit', value: 'nofile=1024:2048' },
      { flag: 'link', value: 'db:database' },
      { flag: 'log-opt', value: 'max-size=10m' },
      { flag: 'tmpfs', value: '/run:size=64m' },
      { flag: 'mount', value: 'type=tmpfs,target=/t,tmpfs-size=1024' },
    ]);
  });

  it('names copies of copies without clashing', () => {
    expect(copyName('web')).toBe('web-copy');
    expect(copyName('web-copy')).toBe('web-copy-2');
    expect(copyName('web-copy-2')).toBe('web-copy-3');
  });
});
