import { describe, expect, it } from 'vitest';
import type { RunForm } from '../../renderer/src/features/run-container/model/form';
import { emptyForm } from '../../renderer/src/features/run-container/model/form';
import { parsePortSpec, parseRunCommand, parseVolumeSpec } from '../../renderer/src/features/run-container/model/parse-command';
import { formToCommand } from '../../renderer/src/features/run-container/model/to-command';

function parsed(text: string) {
  const r = parseRunCommand(text);
  if (!r.ok) throw new Error(r.error);
  return r;
}

const full: RunForm = {
  ...emptyForm('nginx:1.27'),
  name: 'web',
  command: `sh -c 'echo "hi"; exec nginx'`,
  entrypoint: '/docker-entrypoint.sh',
  workdir: '/srv',
  user: '1000:1000',
  hostname: 'web-host',
  env: [{ key: 'MODE', value: 'production' }, { key: 'GREETING', value: 'hello world' }],
  ports: [
    { hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' },
    { hostIp: '127.0.0.1', hostPort: '', containerPort: '53', protocol: 'udp' },
    { hostIp: '::1', hostPort: '9443', containerPort: '443', protocol: 'tcp' },
  ],
  publishAll: true,
  volumes: [
    { kind: 'volume', source: 'web-data', target: '/data', readOnly: false },
    { kind: 'bind', source: '/home/me/site', target: '/usr/share/nginx/html', readOnly: true },
    { kind: 'volume', source: '', target: '/cache', readOnly: false },
  ],
  restart: 'on-failure',
  maxRetries: '3',
  network: 'backend',
  cpus: '1.5',
  memory: '512m',
  labels: [{ key: 'team', value: 'web' }],
  autoRemove: false,
  interactive: true,
  tty: true,
  privileged: true,
  init: true,
};

describe('the docker run command of a form', () => {
  it('writes every field as the flag docker run takes', () => {
    expect(formToCommand(full)).toBe(
      "docker run -d --name web -it --privileged --init --restart on-failure:3 --network backend --hostname web-host -w /srv -u 1000:1000 --cpus 1.5 -m 512m " +
        "-p 8080:80 -p 127.0.0.1::53/udp -p '[::1]:9443:443' -P -v web-data:/data -v /home/me/site:/usr/share/nginx/html:ro -v /cache " +
        `-e MODE=production -e 'GREETING=hello world' -l team=web --entrypoint /docker-entrypoint.sh nginx:1.27 sh -c 'echo "hi"; exec nginx'`,
    );
  });

  it('is the bare minimum for an image alone', () => {
    expect(formToCommand(emptyForm('busybox'))).toBe('docker run -d busybox');
  });

  it('reads back into the same form', () => {
    const back = parsed(formToCommand(full));
    expect(back.form).toEqual(full);
    expect(back.leftOut).toEqual([]);
  });

  it('puts the words of a longer entrypoint before the command, as the engine runs them', () => {
    const cmd = formToCommand({ ...emptyForm('alpine'), entrypoint: 'sh -c', command: "'echo hi'" });
    expect(cmd).toBe("docker run -d --entrypoint sh alpine -c 'echo hi'");
  });

  it('writes on-failure without retries and --rm', () => {
    expect(formToCommand({ ...emptyForm('a'), restart: 'on-failure', autoRemove: false })).toBe('docker run -d --restart on-failure a');
    expect(formToCommand({ ...emptyForm('a'), autoRemove: true })).toBe('docker run -d --rm a');
  });
});

describe('a pasted docker run command', () => {
  it('fills the form from a typical command', () => {
    const r = parsed('docker run -d --name db -p 5432:5432 -e POSTGRES_PASSWORD=secret -v pgdata:/var/lib/postgresql/data --restart unless-stopped postgres:16');
    expect(r.form).toMatchObject({
      image: 'postgres:16',
      name: 'db',
      ports: [{ hostIp: '', hostPort: '5432', containerPort: '5432', protocol: 'tcp' }],
      env: [{ key: 'POSTGRES_PASSWORD', value: 'secret' }],
      volumes: [{ kind: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data', readOnly: false }],
      restart: 'unless-stopped',
      command: '',
    });
    expect(r.leftOut).toEqual([]);
  });

  it('reads --flag=value, grouped short flags and a value glued to its letter', () => {
    const r = parsed('docker run -dit -p8080:80 --name=web --env=A=1 -eB=2 -v/data nginx');
    expect(r.form).toMatchObject({ interactive: true, tty: true, name: 'web', env: [{ key: 'A', value: '1' }, { key: 'B', value: '2' }] });
    expect(r.form.ports[0]).toMatchObject({ hostPort: '8080', containerPort: '80' });
    expect(r.form.volumes[0]).toMatchObject({ kind: 'volume', source: '', target: '/data' });
  });

  it('keeps flags the form has no field for as written in Other options, in their order', () => {
    const r = parsed('docker run --cap-add NET_ADMIN --read-only --log-opt max-size=10m --read-only=false --frobnicate -q nginx');
    expect(r.form.options).toEqual([
      { flag: 'cap-add', value: 'NET_ADMIN' },
      { flag: 'read-only', value: '' },
      { flag: 'log-opt', value: 'max-size=10m' },
      { flag: 'read-only', value: 'false' },
    ]);
    expect(r.leftOut).toEqual([
      { flag: '--frobnicate', value: undefined, reason: 'is not a docker run flag.' },
      { flag: '-q', value: undefined, reason: 'only changes what the docker CLI does in your terminal.' },
    ]);
    expect(r.form.image).toBe('nginx');
  });

  it('takes the value of every option, so the image is still found', () => {
    const r = parsed('docker run --ulimit nofile=1024 --device /dev/fuse --tmpfs /run alpine sh');
    expect(r.form.image).toBe('alpine');
    expect(r.form.command).toBe('sh');
    expect(r.form.options.map((o) => o.flag)).toEqual(['ulimit', 'device', 'tmpfs']);
    expect(r.leftOut).toEqual([]);
  });

  it('lists the files the command names, to be read, and names an -e without a value', () => {
    const r = parsed('docker run -e HOME --env-file ./app.env --label-file /etc/l alpine');
    expect(r.files).toEqual([{ flag: 'env-file', path: './app.env' }, { flag: 'label-file', path: '/etc/l' }]);
    expect(r.leftOut.map((l) => [l.flag, l.value])).toEqual([['-e', 'HOME']]);
    expect(r.leftOut[0]!.reason).toMatch(/environment/);
  });

  it('says what it cannot keep: a second network, the long network syntax, --use-api-socket', () => {
    const r = parsed('docker run --network a --network b --network name=c,alias=x --use-api-socket img');
    expect(r.form.network).toBe('a');
    expect(r.leftOut.map((l) => l.flag)).toEqual(['--network', '--network', '--use-api-socket']);
  });

  it('reads docker create as a container made without starting it', () => {
    expect(parsed('docker create alpine').form.start).toBe(false);
    expect(parsed('docker run alpine').form.start).toBe(true);
  });

  it('keeps arguments after the image as the command, flags included', () => {
    const r = parsed(`docker run alpine ls -la '/my dir'`);
    expect(r.form.command).toBe(`ls -la '/my dir'`);
  });

  it('ends options at --', () => {
    expect(parsed('docker run -- -weird-image').form.image).toBe('-weird-image');
  });

  it('accepts sudo, a prompt, podman, docker container run and multi-line commands', () => {
    expect(parsed('$ sudo docker run nginx').form.image).toBe('nginx');
    expect(parsed('podman run nginx').form.image).toBe('nginx');
    expect(parsed('/usr/bin/docker container run nginx').form.image).toBe('nginx');
    expect(parsed('docker run \\\n  --name a \\\n  nginx').form.name).toBe('a');
  });

  it('says the CLI-only global options were left out', () => {
    const r = parsed('docker --context prod -D run nginx');
    expect(r.leftOut.map((l) => [l.flag, l.value])).toEqual([['--context', 'prod'], ['-D', undefined]]);
  });

  it('keeps --mount as written, and -v with options the Volumes rows do not hold', () => {
    const r = parsed('docker run --mount type=bind,source=/src,target=/app,readonly -v /a:/b:z -v data:/d:ro nginx');
    expect(r.form.volumes).toEqual([{ kind: 'volume', source: 'data', target: '/d', readOnly: true }]);
    expect(r.form.options).toEqual([
      { flag: 'mount', value: 'type=bind,source=/src,target=/app,readonly' },
      { flag: 'volume', value: '/a:/b:z' },
    ]);
    expect(r.leftOut).toEqual([]);
  });

  it('reads restart policies with retries and refuses nonsense', () => {
    expect(parsed('docker run --restart on-failure:5 a').form).toMatchObject({ restart: 'on-failure', maxRetries: '5' });
    expect(parsed('docker run --restart always:5 a').leftOut[0]?.flag).toBe('--restart');
    expect(parsed('docker run --restart sometimes a').form.restart).toBe('no');
  });

  it('treats the default network as no choice, keeps bridge as written, and reads --net as --network', () => {
    expect(parsed('docker run --network default a').form.network).toBe('');
    expect(parsed('docker run --network bridge a').form.network).toBe('bridge');
    expect(parsed('docker run --net=host a').form.network).toBe('host');
    expect(parsed('docker run --network container:db a').form.network).toBe('container:db');
  });

  it('reads --rm=false and -P', () => {
    expect(parsed('docker run --rm=false -P a').form).toMatchObject({ autoRemove: false, publishAll: true });
  });

  it('says that a shell would expand variables, and that later commands were not read', () => {
    const r = parsed('docker run -v $(pwd):/src -e USER=$USER a; echo done');
    expect(r.notes).toHaveLength(2);
    expect(r.notes[0]).toMatch(/“;”/);
    expect(r.notes[1]).toMatch(/\$\(pwd\), \$USER/);
  });

  it('says where the output goes when the line has no -d: the logs, or the terminal with -it', () => {
    expect(parsed('docker run busybox echo hi').attached).toBe('logs');
    expect(parsed('docker run -i busybox cat').attached).toBe('logs');
    expect(parsed('docker run -it busybox sh').attached).toBe('terminal');
    expect(parsed('docker run --interactive --tty busybox sh').attached).toBe('terminal');
    expect(parsed('docker run -d busybox sleep 9').attached).toBeUndefined();
    expect(parsed('docker run -dit busybox sh').attached).toBeUndefined();
    expect(parsed('docker run --detach=true busybox sleep 9').attached).toBeUndefined();
    expect(parsed('docker run --detach=false busybox echo hi').attached).toBe('logs');
    // docker create never attaches.
    expect(parsed('docker create -it busybox sh').attached).toBeUndefined();
  });

  it('refuses what is not a docker run command, saying why', () => {
    expect(parseRunCommand('')).toMatchObject({ ok: false });
    expect(parseRunCommand('ls -la')).toEqual({ ok: false, error: 'This is not a docker run command: it should start with “docker run”.' });
    expect(parseRunCommand('docker ps -a')).toEqual({ ok: false, error: 'This is a “docker ps” command, not “docker run”.' });
    expect(parseRunCommand('docker run -d --name x')).toMatchObject({ ok: false, error: expect.stringMatching(/no image/) });
    expect(parseRunCommand('docker run "nginx')).toMatchObject({ ok: false, error: expect.stringMatching(/quote/) });
  });
});

describe('port and volume specs', () => {
  it('reads every form of -p', () => {
    expect(parsePortSpec('80')).toEqual([{ hostIp: '', hostPort: '', containerPort: '80', protocol: 'tcp' }]);
    expect(parsePortSpec('8080:80/udp')).toEqual([{ hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'udp' }]);
    expect(parsePortSpec('127.0.0.1:8080:80')).toEqual([{ hostIp: '127.0.0.1', hostPort: '8080', containerPort: '80', protocol: 'tcp' }]);
    expect(parsePortSpec('127.0.0.1::80')).toEqual([{ hostIp: '127.0.0.1', hostPort: '', containerPort: '80', protocol: 'tcp' }]);
    expect(parsePortSpec('[::1]:8080:80')).toEqual([{ hostIp: '::1', hostPort: '8080', containerPort: '80', protocol: 'tcp' }]);
  });

  it('expands port ranges into one row each', () => {
    expect(parsePortSpec('8000-8002:9000-9002')?.map((p) => `${p.hostPort}:${p.containerPort}`)).toEqual(['8000:9000', '8001:9001', '8002:9002']);
    expect(parsePortSpec('7000-7001')?.map((p) => p.containerPort)).toEqual(['7000', '7001']);
  });

  it('refuses what is not a port mapping', () => {
    expect(parsePortSpec('http')).toBeUndefined();
    expect(parsePortSpec('80/icmp')).toBeUndefined();
    expect(parsePortSpec('1-2:1-3')).toBeUndefined();
    expect(parsePortSpec('1:2:3:4')).toBeUndefined();
  });

  it('tells host folders from named volumes and reads options', () => {
    expect(parseVolumeSpec('data:/data')).toEqual({ kind: 'volume', source: 'data', target: '/data', readOnly: false });
    expect(parseVolumeSpec('/srv:/data:ro')).toEqual({ kind: 'bind', source: '/srv', target: '/data', readOnly: true });
    expect(parseVolumeSpec('./src:/app:rw,z')).toEqual({ kind: 'bind', source: './src', target: '/app', readOnly: false });
    expect(parseVolumeSpec('/data:ro')).toEqual({ kind: 'volume', source: '', target: '/data', readOnly: true });
    expect(parseVolumeSpec('a:b:c:d')).toBeUndefined();
  });
});
