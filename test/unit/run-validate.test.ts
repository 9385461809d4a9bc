import { describe, expect, it } from 'vitest';
import type { RunForm } from '../../renderer/src/features/run-container/model/form';
import { emptyForm } from '../../renderer/src/features/run-container/model/form';
import { validateForm } from '../../renderer/src/features/run-container/model/validate';

const problems = (form: Partial<RunForm>) => validateForm({ ...emptyForm('nginx'), ...form });
const fields = (form: Partial<RunForm>) => problems(form).map((p) => `${p.severity}:${p.field}`);

describe('checking the Run form before asking the engine', () => {
  it('finds nothing wrong with an image alone', () => {
    expect(problems({})).toEqual([]);
  });

  it('asks for an image and refuses names the engine would refuse', () => {
    expect(fields({ image: ' ' })).toEqual(['error:image']);
    expect(fields({ image: 'Nginx' })).toEqual(['error:image']);
    expect(fields({ image: 'ghcr.io/org/app:v1.2' })).toEqual([]);
    expect(fields({ image: 'localhost:5000/a/b@sha256:' + 'a'.repeat(64) })).toEqual([]);
    expect(fields({ image: 'sha256:' + 'a'.repeat(64) })).toEqual([]);
    expect(fields({ name: 'a' })).toEqual(['error:name']);
    expect(fields({ name: '-web' })).toEqual(['error:name']);
    expect(fields({ name: 'web_1.blue' })).toEqual([]);
  });

  it('checks each port row and names the row', () => {
    const ports = [
      { hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' as const },
      { hostIp: '', hostPort: '8080', containerPort: '81', protocol: 'tcp' as const },
      { hostIp: '300.1.1.1', hostPort: '70000', containerPort: '', protocol: 'tcp' as const },
      { hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'udp' as const },
    ];
    expect(fields({ ports })).toEqual(['error:ports.1.hostPort', 'error:ports.2.containerPort', 'error:ports.2.hostPort', 'error:ports.2.hostIp']);
    expect(problems({ ports: ports.slice(2, 3) })[0]?.message).toBe('Say which port inside the container to publish.');
    expect(fields({ ports: [{ hostIp: '::1', hostPort: '', containerPort: '80', protocol: 'tcp' }] })).toEqual([]);
  });

  it('refuses published ports with a shared network, and warns with host or none', () => {
    const ports = [{ hostIp: '', hostPort: '80', containerPort: '80', protocol: 'tcp' as const }];
    expect(fields({ ports, network: 'container:db' })).toEqual(['error:network']);
    expect(fields({ ports, network: 'host' })).toEqual(['warning:network']);
    expect(fields({ publishAll: true, network: 'none' })).toEqual(['warning:network']);
    expect(fields({ network: 'container:' })).toEqual(['error:network']);
  });

  it('wants full paths for folders and mount points, and volume names the engine accepts', () => {
    expect(fields({ volumes: [{ kind: 'bind', source: './src', target: 'app', readOnly: false }] })).toEqual(['error:volumes.0.target', 'error:volumes.0.source']);
    expect(fields({ volumes: [{ kind: 'bind', source: '', target: '/app', readOnly: false }] })).toEqual(['error:volumes.0.source']);
    expect(fields({ volumes: [{ kind: 'volume', source: 'my data', target: '/d', readOnly: false }] })).toEqual(['error:volumes.0.source']);
    expect(fields({ volumes: [{ kind: 'volume', source: '', target: '/d', readOnly: false }] })).toEqual([]);
    expect(
      fields({
        volumes: [
          { kind: 'volume', source: 'a1', target: '/d', readOnly: false },
          { kind: 'volume', source: 'b1', target: '/d', readOnly: false },
        ],
      }),
    ).toEqual(['error:volumes.1.target']);
  });

  it('wants names for variables and labels', () => {
    expect(fields({ env: [{ key: '', value: 'x' }, { key: 'A B', value: '' }, { key: 'OK', value: '' }], labels: [{ key: ' ', value: 'v' }] })).toEqual([
      'error:env.0.key',
      'error:env.1.key',
      'error:labels.0.key',
    ]);
  });

  it('refuses auto-remove together with a restart policy, as the engine would', () => {
    expect(problems({ autoRemove: true, restart: 'always' })).toEqual([
      { field: 'restart', severity: 'error', message: 'A container removed when it stops cannot also be restarted: choose one.' },
    ]);
  });

  it('reads limits and retries', () => {
    expect(fields({ cpus: 'lots', memory: '1m', restart: 'on-failure', maxRetries: 'x' })).toEqual(['error:maxRetries', 'error:cpus', 'error:memory']);
    expect(fields({ cpus: '0.5', memory: '64m', restart: 'on-failure', maxRetries: '3' })).toEqual([]);
  });

  it('refuses shell syntax in the command, which no shell would run', () => {
    expect(fields({ command: 'echo hi && sleep 1' })).toEqual(['error:command']);
    expect(fields({ command: `sh -c 'echo hi && sleep 1'` })).toEqual([]);
    expect(fields({ entrypoint: `"unclosed` })).toEqual(['error:entrypoint']);
    expect(fields({ workdir: 'app' })).toEqual(['error:workdir']);
  });
});
