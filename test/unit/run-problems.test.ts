import { describe, expect, it } from 'vitest';
import type { RunForm } from '../../renderer/src/features/run-container/model/form';
import { emptyForm } from '../../renderer/src/features/run-container/model/form';
import { collectProblems, fieldsOf } from '../../renderer/src/features/run-container/model/problems';

const form: RunForm = {
  ...emptyForm('nginx'),
  ports: [
    { hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' },
    { hostIp: '', hostPort: '8080', containerPort: '53', protocol: 'udp' },
    { hostIp: '', hostPort: '08080', containerPort: '81', protocol: 'tcp' },
  ],
  volumes: [
    { kind: 'bind', source: '/srv', target: '/a', readOnly: false },
    { kind: 'volume', source: 'data', target: '/b', readOnly: false },
  ],
};

describe('problems put next to the field they are about', () => {
  it('finds the rows of a host port and of a mount source the engine names', () => {
    expect(fieldsOf('hostPort.8080/tcp', form)).toEqual(['ports.0.hostPort', 'ports.2.hostPort']);
    expect(fieldsOf('hostPort.8080/udp', form)).toEqual(['ports.1.hostPort']);
    expect(fieldsOf('volume.data', form)).toEqual(['volumes.1.source']);
    expect(fieldsOf('name', form)).toEqual(['name']);
    expect(fieldsOf(undefined, form)).toEqual([]);
  });

  it('counts errors, keeps what fits no field apart, and points at the first error on screen', () => {
    const p = collectProblems(
      form,
      [{ field: 'memory', severity: 'error', message: 'Memory is a size such as 512m or 2g.' }],
      [
        { severity: 'error', field: 'hostPort.8080/udp', message: 'Port 8080 is already in use on this machine.' },
        { severity: 'info', field: 'volume.data', message: 'The volume “data” does not exist yet: it will be created.' },
        { severity: 'error', field: 'image', message: 'The image “nginx” is not on this engine yet: pull it first.', pullImage: 'nginx' },
        { severity: 'warning', message: 'Something about the whole container.' },
      ],
    );
    expect(p.errors).toBe(3);
    expect(p.firstErrorField).toBe('image');
    expect(p.byField.get('ports.1.hostPort')?.[0]?.message).toMatch(/in use/);
    expect(p.byField.get('image')?.[0]?.pullImage).toBe('nginx');
    expect(p.general).toEqual([{ severity: 'warning', message: 'Something about the whole container.', pullImage: undefined }]);
  });

  it('shows the same sentence once per field', () => {
    const same = { severity: 'error' as const, field: 'name', message: 'Taken.' };
    expect(collectProblems(form, [], [same, same]).byField.get('name')).toHaveLength(1);
  });
});
