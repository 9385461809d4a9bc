import { describe, expect, it } from 'vitest';
import type { ContainerCreateSpec } from '../../engine/contract/run-types';
import { readMount, writeMount } from '../../renderer/src/features/run-container/model/mount-option';
import { bytes, duration } from '../../renderer/src/features/run-container/model/option-values';
import { applyOptions } from '../../renderer/src/features/run-container/model/other-options';
import { emptyForm } from '../../renderer/src/features/run-container/model/form';
import { validateForm } from '../../renderer/src/features/run-container/model/validate';

const apply = (rows: [string, string][], network = '') => {
  const spec: ContainerCreateSpec = { Image: 'x', HostConfig: {} };
  const problems = applyOptions(spec, rows.map(([flag, value]) => ({ flag, value })), network);
  return { spec, problems: [...problems.values()] };
};

describe('Other options, applied as the docker CLI applies them', () => {
  it('reads sizes and durations as the CLI does', () => {
    expect(bytes('64m')).toBe(64 * 1024 ** 2);
    expect(bytes('1.5k')).toBe(1536);
    expect(duration('1m30s')).toBe(90e9);
    expect(duration('500ms')).toBe(5e8);
    expect(() => duration('5 minutes')).toThrow(/30s/);
  });

  it('normalises capabilities and sorts them, and keeps ALL alone', () => {
    expect(apply([['cap-add', 'sys_time'], ['cap-add', 'NET_ADMIN'], ['cap-add', 'CAP_SYS_TIME']]).spec.HostConfig.CapAdd).toEqual(['CAP_NET_ADMIN', 'CAP_SYS_TIME']);
    expect(apply([['cap-add', 'all'], ['cap-add', 'chown']]).spec.HostConfig.CapAdd).toEqual(['ALL']);
  });

  it('puts endpoint options on the network the container joins', () => {
    const { spec } = apply([['ip', '10.0.0.5'], ['network-alias', 'web']], 'backend');
    expect(spec.NetworkingConfig).toEqual({ EndpointsConfig: { backend: { IPAMConfig: { IPv4Address: '10.0.0.5' }, Aliases: ['web'] } } });
  });

  it('builds a health check from its parts, and turns one off', () => {
    expect(apply([['health-cmd', 'true'], ['health-interval', '5s'], ['health-retries', '3']]).spec.Healthcheck).toEqual({ Test: ['CMD-SHELL', 'true'], Interval: 5e9, Retries: 3 });
    expect(apply([['no-healthcheck', '']]).spec.Healthcheck).toEqual({ Test: ['NONE'] });
    expect(apply([['no-healthcheck', ''], ['health-retries', '3']]).problems).toEqual(['--no-healthcheck cannot go with other health options: remove one or the other.']);
  });

  it('says what a value should look like, next to its row', () => {
    const form = { ...emptyForm('alpine'), options: [{ flag: 'ulimit', value: 'lots' }, { flag: 'frobnicate', value: '1' }, { flag: 'read-only', value: '' }] };
    expect(validateForm(form)).toEqual([
      { field: 'options.0.value', severity: 'error', message: '--ulimit takes a limit such as nofile=1024:2048.' },
      { field: 'options.1.value', severity: 'error', message: '--frobnicate is not a docker run option Berth can apply.' },
    ]);
  });

  it('reads a --mount and writes it back the same', () => {
    for (const text of ['type=bind,source=/src,target=/app,readonly,bind-propagation=rslave', 'type=volume,source=v,target=/v,volume-nocopy', 'type=tmpfs,target=/t,tmpfs-size=1024,tmpfs-mode=1770']) {
      expect(readMount(writeMount(readMount(text)))).toEqual(readMount(text));
    }
    expect(readMount('type=volume,target=/v,volume-label=a=b')).toEqual({ Type: 'volume', Target: '/v', VolumeOptions: { DriverConfig: {}, Labels: { a: 'b' } } });
    expect(() => readMount('type=bind,source=/a')).toThrow(/target/);
    expect(() => readMount('type=tmpfs,target=/a,volume-nocopy')).toThrow(/type=volume only/);
  });
});
