import { describe, expect, it } from 'vitest';
import { containerCreateSpec } from '../../engine/contract/run';
import type { RunForm } from '../../renderer/src/features/run-container/model/form';
import { emptyForm, parseEnvFile } from '../../renderer/src/features/run-container/model/form';
import { parseRunCommand } from '../../renderer/src/features/run-container/model/parse-command';
import { formToSpec } from '../../renderer/src/features/run-container/model/to-spec';

const specOf = (command: string) => {
  const r = parseRunCommand(command);
  if (!r.ok) throw new Error(r.error);
  return formToSpec(r.form);
};

describe('the engine create body of a form', () => {
  it('is the image alone when nothing else is chosen', () => {
    expect(formToSpec(emptyForm(' nginx '))).toEqual({ Image: 'nginx', HostConfig: {} });
  });

  it('publishes ports as PortBindings and exposes them, as docker run -p does', () => {
    expect(specOf('docker run -p 8080:80 -p 127.0.0.1::53/udp -p 8081:80 nginx')).toMatchObject({
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      HostConfig: {
        PortBindings: {
          '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '', HostPort: '8081' }],
          '53/udp': [{ HostIp: '127.0.0.1', HostPort: '' }],
        },
      },
    });
  });

  it('mounts named volumes and folders as Binds, and a volume without a name as Volumes', () => {
    const spec = specOf('docker run -v data:/data -v /srv/site:/site:ro -v /cache nginx');
    expect(spec.HostConfig.Binds).toEqual(['data:/data', '/srv/site:/site:ro']);
    expect(spec.Volumes).toEqual({ '/cache': {} });
  });

  it('sets env, labels, restart policy, limits and switches under the engine’s names', () => {
    const spec = specOf(
      'docker run --name api -e A=1 -e "B=two words" -l tier=api --restart on-failure:4 --network backend --cpus 0.5 -m 256m --rm=false --privileged --init -it -w /app -u node --hostname h --entrypoint /bin/sh node:22 -c "node server.js"',
    );
    expect(spec).toEqual({
      name: 'api',
      Image: 'node:22',
      Entrypoint: ['/bin/sh'],
      Cmd: ['-c', 'node server.js'],
      Env: ['A=1', 'B=two words'],
      WorkingDir: '/app',
      User: 'node',
      Hostname: 'h',
      Labels: { tier: 'api' },
      OpenStdin: true,
      Tty: true,
      HostConfig: {
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 4 },
        NetworkMode: 'backend',
        NanoCpus: 500_000_000,
        Memory: 256 * 1024 ** 2,
        Privileged: true,
        Init: true,
      },
    });
  });

  it('sets AutoRemove and PublishAllPorts', () => {
    expect(specOf('docker run --rm -P nginx').HostConfig).toEqual({ AutoRemove: true, PublishAllPorts: true });
  });

  it('leaves blank rows out', () => {
    const form: RunForm = {
      ...emptyForm('nginx'),
      env: [{ key: '', value: '' }],
      ports: [{ hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' }],
      volumes: [{ kind: 'bind', source: '', target: '', readOnly: false }],
      labels: [{ key: '', value: '' }],
    };
    expect(formToSpec(form)).toEqual({ Image: 'nginx', HostConfig: {} });
  });

  it('keeps an env value exactly as typed, spaces and = included', () => {
    const spec = formToSpec({ ...emptyForm('a'), env: [{ key: ' URL ', value: ' x=y ' }] });
    expect(spec.Env).toEqual(['URL= x=y ']);
  });

  it('is accepted by the contract’s schema', () => {
    const spec = specOf('docker run --name web -p 8080:80 -v d:/d -v /x -e A=1 -l a=b --restart always --cpus 1 -m 1g --init -it nginx sh');
    expect(containerCreateSpec.safeParse(spec).success).toBe(true);
  });
});

describe('an env file', () => {
  it('reads KEY=value lines literally, skipping comments and blank lines', () => {
    expect(parseEnvFile('# settings\nA=1\n\n  B = two = 2\nC="quoted"\r\nD=\n')).toEqual({
      rows: [
        { key: 'A', value: '1' },
        { key: 'B', value: ' two = 2' },
        { key: 'C', value: '"quoted"' },
        { key: 'D', value: '' },
      ],
      withoutValue: [],
    });
  });

  it('names variables without a value, which would come from the shell', () => {
    expect(parseEnvFile('HOME\nA=1').withoutValue).toEqual(['HOME']);
  });
});
