import { describe, expect, it } from 'vitest';
import { demuxOutput, parseStatListing } from '../../engine/docker/container-files';
import { toStatsSample } from '../../engine/docker/container-stats';

/** A cgroup v1 sample from Docker 20.10, trimmed to what is read. */
const v1 = {
  read: '2025-01-01T10:00:01.000000000Z',
  pids_stats: { current: 3 },
  networks: { eth0: { rx_bytes: 1000, tx_bytes: 200 }, eth1: { rx_bytes: 24, tx_bytes: 56 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { major: 8, minor: 0, op: 'Read', value: 4096 },
      { major: 8, minor: 0, op: 'Write', value: 8192 },
      { major: 8, minor: 0, op: 'Total', value: 12288 },
    ],
  },
  cpu_stats: { cpu_usage: { total_usage: 3_000_000_000, percpu_usage: [1, 2] }, system_cpu_usage: 110_000_000_000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 2_500_000_000 }, system_cpu_usage: 108_000_000_000 },
  memory_stats: { usage: 50 * 1024 ** 2, limit: 2 * 1024 ** 3, stats: { total_inactive_file: 10 * 1024 ** 2 } },
};

describe('a stats sample as docker stats computes it', () => {
  it('reads CPU as a share of the machine times its CPUs, memory without the page cache, and sums traffic', () => {
    expect(toStatsSample('c1', v1)).toEqual({
      id: 'c1',
      at: Date.parse('2025-01-01T10:00:01Z'),
      // 0.5 s of CPU in 2 s of two CPUs' time: a quarter of the machine, half of one CPU... times 2 CPUs.
      cpuPercent: 50,
      memoryUsed: 40 * 1024 ** 2,
      memoryLimit: 2 * 1024 ** 3,
      networkRx: 1024,
      networkTx: 256,
      blockRead: 4096,
      blockWrite: 8192,
      pids: 3,
    });
  });

  it('reads cgroup v2 memory and lower-case block ops', () => {
    const v2 = { ...v1, memory_stats: { usage: 30, limit: 100, stats: { inactive_file: 10 } }, blkio_stats: { io_service_bytes_recursive: [{ op: 'read', value: 1 }, { op: 'write', value: 2 }] } };
    expect(toStatsSample('c', v2)).toMatchObject({ memoryUsed: 20, blockRead: 1, blockWrite: 2 });
  });

  it('has nothing to say before there is a previous sample, or for a stopped container', () => {
    expect(toStatsSample('c', { ...v1, precpu_stats: { cpu_usage: { total_usage: 0 } } })).toBeUndefined();
    expect(toStatsSample('c', { read: '0001-01-01T00:00:00Z' })).toBeUndefined();
  });

  it('never reports negative CPU when counters reset', () => {
    expect(toStatsSample('c', { ...v1, precpu_stats: { cpu_usage: { total_usage: 9e12 }, system_cpu_usage: 108_000_000_000 } })?.cpuPercent).toBe(0);
  });
});

describe('reading a folder listing from inside a container', () => {
  it('reads entries, link targets and links to folders, names with | included', () => {
    const out = [
      'E|directory|4096|1700000000|755|etc',
      'E|regular file|12|1700000001|644|a|b.txt',
      'E|regular empty file|0|1700000002|600|.hidden',
      'E|symbolic link|12|1700000003|777|sh',
      'E|symbolic link|3|1700000004|777|lib',
      'E|fifo|0|1700000005|644|pipe',
      'D|lib',
      "L|'sh' -> '/bin/busybox'",
      "L|'lib' -> 'usr/lib'",
    ].join('\n');
    expect(parseStatListing(out)).toEqual([
      { name: 'etc', kind: 'folder', size: 4096, modified: 1700000000, mode: '755' },
      { name: 'a|b.txt', kind: 'file', size: 12, modified: 1700000001, mode: '644' },
      { name: '.hidden', kind: 'file', size: 0, modified: 1700000002, mode: '600' },
      { name: 'sh', kind: 'link', size: 12, modified: 1700000003, mode: '777', target: '/bin/busybox' },
      { name: 'lib', kind: 'link', size: 3, modified: 1700000004, mode: '777', target: 'usr/lib', targetIsFolder: true },
      { name: 'pipe', kind: 'other', size: 0, modified: 1700000005, mode: '644' },
    ]);
  });

  it('says when the folder is not there, and reads an empty one', () => {
    expect(parseStatListing('berth:missing\n')).toBeUndefined();
    expect(parseStatListing('')).toEqual([]);
  });

  it('splits stdout from stderr in the engine’s framing, frames split anywhere', () => {
    const frame = (kind: number, text: string) => {
      const body = Buffer.from(text);
      const head = Buffer.alloc(8);
      head[0] = kind;
      head.writeUInt32BE(body.length, 4);
      return Buffer.concat([head, body]);
    };
    const all = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err\n'), frame(1, 'out 2\n')]);
    expect(demuxOutput(all)).toEqual({ stdout: 'out 1\nout 2\n', stderr: 'err\n' });
    expect(demuxOutput(Buffer.alloc(0))).toEqual({ stdout: '', stderr: '' });
  });
});
