/** Sizes and ids as people read them. */

/*
 * One convention for sizes, the docker CLI's: decimal units (kB, MB, GB; powers of 1000) for what is stored
 * or sent (images, volumes, files, disk use, network and disk traffic), as `docker images` and `docker system
 * df` print them; binary units (KiB, MiB, GiB; powers of 1024) for memory and for sizes the user sets in
 * binary units (memory limits, the VM's memory and disk), as `docker stats` and `--memory 512m` mean them.
 * Never a binary value under a decimal label. Every size on screen goes through one of these two.
 */

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function scaled(bytes: number, base: number, units: string[]): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= base && unit < units.length - 1) {
    value /= base;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** Stored or sent bytes, in decimal units: 1.98 MB, 312 kB. */
export function formatBytes(bytes: number): string {
  return scaled(bytes, 1000, DECIMAL);
}

/** Memory (and sizes set in binary units), in binary units: 512 MiB, 1.50 GiB. */
export function formatMemoryBytes(bytes: number): string {
  return scaled(bytes, 1024, BINARY);
}

/** `sha256:4f2a…` → `4f2a9c1b3e7d`, as the docker CLI shows ids. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

export function percent(fraction: number): string {
  return `${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
