/**
 * The service form's list fields as the text a user types, one item a line, and back: ports as
 * `8080:80/tcp host`, mounts as `volume data:/var/lib/data ro`, secrets and configs as `name` or
 * `name:target`. Each parser says what is wrong with a line in words.
 */
import type { PublishedPort, ServiceForm, ServiceMount, ServiceReference } from '../../../../engine/contract/swarm-types';

export type Parsed<T> = { value: T; problem?: undefined } | { value?: undefined; problem: string };

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

export function linesOf(text: string): string[] {
  return lines(text);
}

export function portsText(ports: PublishedPort[]): string {
  return ports.map((p) => `${p.published ? `${p.published}:` : ''}${p.target}/${p.protocol}${p.mode === 'host' ? ' host' : ''}`).join('\n');
}

export function parsePorts(text: string): Parsed<PublishedPort[]> {
  const out: PublishedPort[] = [];
  for (const line of lines(text)) {
    const m = /^(?:(\d{1,5}):)?(\d{1,5})(?:\/(tcp|udp|sctp))?(?:\s+(host|ingress))?$/.exec(line);
    const valid = (n: number) => n >= 1 && n <= 65_535;
    if (!m || !valid(Number(m[2])) || (m[1] && !valid(Number(m[1])))) {
      return { problem: `“${line}” is not a port: write published:target/protocol and optionally host, like 8080:80/tcp host.` };
    }
    out.push({ target: Number(m[2]), published: m[1] ? Number(m[1]) : undefined, protocol: (m[3] ?? 'tcp') as PublishedPort['protocol'], mode: (m[4] ?? 'ingress') as PublishedPort['mode'] });
  }
  return { value: out };
}

export function mountsText(mounts: ServiceMount[]): string {
  return mounts.map((m) => `${m.type} ${m.source ? `${m.source}:` : ''}${m.target}${m.readOnly ? ' ro' : ''}`).join('\n');
}

export function parseMounts(text: string): Parsed<ServiceMount[]> {
  const out: ServiceMount[] = [];
  for (const line of lines(text)) {
    const m = /^(volume|bind|tmpfs)\s+(?:([^:\s]+):)?(\/\S*)(?:\s+(ro|rw))?$/.exec(line);
    if (!m) return { problem: `“${line}” is not a mount: write type source:/path/in/container, like volume data:/var/lib/data or bind /srv/www:/www ro.` };
    if (m[1] === 'bind' && !m[2]?.startsWith('/')) return { problem: `“${line}”: a bind mount’s source is an absolute folder on every node, like /srv/www.` };
    out.push({ type: m[1] as ServiceMount['type'], source: m[2] ?? '', target: m[3]!, readOnly: m[4] === 'ro' });
  }
  return { value: out };
}

export function referencesText(refs: ServiceReference[]): string {
  return refs.map((r) => (r.target && r.target !== r.name && r.target !== `/${r.name}` ? `${r.name}:${r.target}` : r.name)).join('\n');
}

export function parseReferences(text: string, what: string): Parsed<ServiceReference[]> {
  const out: ServiceReference[] = [];
  for (const line of lines(text)) {
    const m = /^([a-zA-Z0-9][a-zA-Z0-9._-]*)(?::(\S+))?$/.exec(line);
    if (!m) return { problem: `“${line}” is not a ${what}: write its name, or name:file-name.` };
    out.push({ name: m[1]!, target: m[2] ?? '' });
  }
  return { value: out };
}

/** `1.5` CPUs; empty is none. */
export function parseCpus(text: string): Parsed<number> {
  if (!text.trim()) return { value: 0 };
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? { value: n } : { problem: `“${text}” is not a number of CPUs, like 0.5 or 2.` };
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `512M`, `1G`; empty is none. */
export function parseMemory(text: string): Parsed<number> {
  if (!text.trim()) return { value: 0 };
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m && UNITS[m[2]!.toLowerCase()];
  return m && unit ? { value: Math.round(Number(m[1]) * unit) } : { problem: `“${text}” is not an amount of memory, like 512M or 1G.` };
}

export function memoryText(bytes: number): string {
  if (!bytes) return '';
  if (bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}G`;
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}M`;
  return String(bytes);
}

export const EMPTY_FORM: ServiceForm = {
  name: '',
  image: '',
  entrypoint: [],
  command: [],
  env: [],
  workdir: '',
  user: '',
  tty: false,
  labels: {},
  mode: 'replicated',
  replicas: 1,
  ports: [],
  mounts: [],
  networks: [],
  constraints: [],
  preferences: [],
  restartCondition: 'any',
  update: { parallelism: 1, delaySeconds: 0, failureAction: 'pause', order: 'stop-first', monitorSeconds: 5 },
  rollback: { parallelism: 1, delaySeconds: 0, failureAction: 'pause', order: 'stop-first', monitorSeconds: 5 },
  cpuLimit: 0,
  memoryLimitBytes: 0,
  cpuReservation: 0,
  memoryReservationBytes: 0,
  secrets: [],
  configs: [],
};
