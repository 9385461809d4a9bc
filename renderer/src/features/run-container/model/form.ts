/**
 * What the Run dialog holds while the user fills it in: plain text for every field, as typed, so that a
 * half-written value is never lost or reformatted. model/to-spec.ts turns it into the engine's create body,
 * model/to-command.ts into a `docker run` line, model/validate.ts says what is wrong with it.
 */
import type { RestartPolicyName } from '../../../../../engine/contract/run-types';
import type { OptionRow } from './other-options';

export type { OptionRow } from './other-options';

export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface PortRow {
  /** Empty: every address of the host. */
  hostIp: string;
  /** Empty: a free port picked by the engine. */
  hostPort: string;
  containerPort: string;
  protocol: Protocol;
}

export interface VolumeRow {
  /** `volume`: a named volume (an empty source makes a new volume without a name); `bind`: a host folder. */
  kind: 'volume' | 'bind';
  source: string;
  target: string;
  readOnly: boolean;
}

export interface KeyValueRow {
  key: string;
  value: string;
}

export interface RunForm {
  image: string;
  name: string;
  /** Shell words, as on a command line. */
  command: string;
  entrypoint: string;
  workdir: string;
  user: string;
  hostname: string;
  env: KeyValueRow[];
  ports: PortRow[];
  /** Every port the image exposes, on free host ports (`-P`). */
  publishAll: boolean;
  volumes: VolumeRow[];
  restart: RestartPolicyName;
  /** For `on-failure`; empty means no limit. */
  maxRetries: string;
  /** Empty: the default bridge; otherwise `host`, `none`, `container:<name>` or a network's name. */
  network: string;
  /** CPUs, e.g. `1.5`; empty means no limit. */
  cpus: string;
  /** e.g. `512m`; empty means no limit. */
  memory: string;
  labels: KeyValueRow[];
  autoRemove: boolean;
  /** Keep STDIN open (`-i`). */
  interactive: boolean;
  /** Allocate a terminal (`-t`). */
  tty: boolean;
  privileged: boolean;
  /** Run a tiny init as PID 1 that forwards signals and reaps zombies (`--init`). */
  init: boolean;
  /** Every other `docker run` flag, as written, in the order given (model/other-options.ts applies them). */
  options: OptionRow[];
  /** Start the container once made (`docker run -d`); false only creates it (`docker create`). */
  start: boolean;
}

export function emptyForm(image = ''): RunForm {
  return {
    image,
    name: '',
    command: '',
    entrypoint: '',
    workdir: '',
    user: '',
    hostname: '',
    env: [],
    ports: [],
    publishAll: false,
    volumes: [],
    restart: 'no',
    maxRetries: '',
    network: '',
    cpus: '',
    memory: '',
    labels: [],
    autoRemove: false,
    interactive: false,
    tty: false,
    privileged: false,
    init: false,
    options: [],
    start: true,
  };
}

export const emptyPort = (): PortRow => ({ hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' });
export const emptyVolume = (kind: VolumeRow['kind'] = 'volume'): VolumeRow => ({ kind, source: '', target: '', readOnly: false });
export const emptyKeyValue = (): KeyValueRow => ({ key: '', value: '' });
export const emptyOption = (): OptionRow => ({ flag: '', value: '' });

/** Rows the user added but left blank do not count. */
export const isBlankPort = (p: PortRow) => !p.hostIp.trim() && !p.hostPort.trim() && !p.containerPort.trim();
export const isBlankVolume = (v: VolumeRow) => !v.source.trim() && !v.target.trim();
export const isBlankKeyValue = (r: KeyValueRow) => !r.key.trim() && !r.value;
export const isBlankOption = (r: OptionRow) => !r.flag.trim() && !r.value;

/** `container:web` → `web`; undefined for other network modes. */
export function sharedContainer(network: string): string | undefined {
  return network.startsWith('container:') ? network.slice('container:'.length) : undefined;
}

/**
 * Reads an env or label file (`KEY=value` lines, `#` comments) as docker does: values are taken literally,
 * a byte-order mark and the line's leading blanks are dropped.
 */
export function parseEnvFile(text: string): { rows: KeyValueRow[]; withoutValue: string[] } {
  const rows: KeyValueRow[] = [];
  const withoutValue: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) withoutValue.push(line.trim());
    else rows.push({ key: line.slice(0, eq).trim(), value: line.slice(eq + 1) });
  }
  return { rows, withoutValue };
}

/** A file a pasted command names, to be read before the form is complete. */
export interface NamedFile {
  flag: 'env-file' | 'label-file';
  path: string;
}

/**
 * The form with a named file's rows added where `docker run` puts them: the CLI reads files before the
 * `-e`/`-l` values on the line, so the file's rows go first (files in the order given). `before` is how
 * many rows earlier files already added.
 */
export function withFileRows(form: RunForm, file: NamedFile, text: string, before = 0): { form: RunForm; added: number; withoutValue: string[] } {
  const { rows, withoutValue } = parseEnvFile(text);
  const key = file.flag === 'env-file' ? 'env' : 'labels';
  const current = form[key];
  return { form: { ...form, [key]: [...current.slice(0, before), ...rows, ...current.slice(before)] }, added: rows.length, withoutValue };
}
