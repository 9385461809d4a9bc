/**
 * Reads a pasted `docker run ...` line into the Run form. Nothing is dropped silently: every flag the form
 * has no field for, and every value it cannot take, is named in `leftOut` with the reason.
 */
import type { Protocol, PortRow, RunForm, VolumeRow } from './form';
import { emptyForm } from './form';
import { CLI_ONLY_FLAGS, FLAG_ALIASES, SHORT_FLAGS, SWITCH_FLAGS, VALUE_FLAGS } from './docker-run-flags';
import { joinShellWords, splitShellWords } from './shell-words';

export interface LeftOutFlag {
  /** As written: `--cap-add`, `-e`. */
  flag: string;
  value?: string;
  /** Why it was left out, in words. */
  reason: string;
}

export type ParsedRunCommand =
  | { ok: true; form: RunForm; leftOut: LeftOutFlag[]; notes: string[] }
  | { ok: false; error: string };

/** The CLI's own options before `run` (which engine to talk to, how to log), and whether they take a value. */
const GLOBAL_VALUE_OPTIONS = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);
const PROGRAMS = /^(?:.*[/\\])?(docker|podman|nerdctl)(?:\.exe)?$/;
const MAX_PORT_RANGE = 256;

/** `[ip:][hostPort:]containerPort[/proto]`, ranges included; undefined when it is not one. */
export function parsePortSpec(spec: string): PortRow[] | undefined {
  let rest = spec.trim();
  let protocol: Protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const p = rest.slice(slash + 1).toLowerCase();
    if (p !== 'tcp' && p !== 'udp' && p !== 'sctp') return undefined;
    protocol = p;
    rest = rest.slice(0, slash);
  }
  let hostIp = '';
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']:');
    if (end < 0) return undefined;
    hostIp = rest.slice(1, end);
    rest = rest.slice(end + 2);
  }
  const parts = rest.split(':');
  let hostPort = '';
  let containerPort: string;
  if (parts.length === 1) containerPort = parts[0]!;
  else if (parts.length === 2) [hostPort, containerPort] = parts as [string, string];
  else if (parts.length === 3 && !hostIp) [hostIp, hostPort, containerPort] = parts as [string, string, string];
  else return undefined;
  const range = (text: string): [number, number] | undefined => {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    return from <= to ? [from, to] : undefined;
  };
  const inside = range(containerPort);
  const outside = hostPort ? range(hostPort) : undefined;
  if (!inside || (hostPort && !outside)) return undefined;
  const count = inside[1] - inside[0] + 1;
  if (count > MAX_PORT_RANGE) return undefined;
  if (outside && outside[1] - outside[0] + 1 !== count && outside[0] !== outside[1]) return undefined;
  return Array.from({ length: count }, (_, k) => ({
    hostIp,
    // A single host port for a range of container ports: the engine picks one of them; keep it for the first.
    hostPort: outside ? (outside[0] === outside[1] ? (k === 0 ? String(outside[0]) : '') : String(outside[0] + k)) : '',
    containerPort: String(inside[0] + k),
    protocol,
  }));
}

/** `source:target[:options]`, or `target` alone for a new volume without a name. */
export function parseVolumeSpec(spec: string): VolumeRow | undefined {
  const parts = spec.split(':');
  if (parts.length === 1) return parts[0] ? { kind: 'volume', source: '', target: parts[0], readOnly: false } : undefined;
  // `/data:ro` is a target with options only when the first part is a container path and the last reads as options.
  const isOptions = (s: string) => /^(ro|rw|z|Z|nocopy|consistent|cached|delegated|r?shared|r?slave|r?private)(,(ro|rw|z|Z|nocopy|consistent|cached|delegated|r?shared|r?slave|r?private))*$/.test(s);
  let source: string;
  let target: string;
  let options = '';
  if (parts.length === 2 && isOptions(parts[1]!) && parts[0]!.startsWith('/') && !parts[1]!.startsWith('/')) {
    [target, options] = parts as [string, string];
    source = '';
  } else if (parts.length === 2) [source, target] = parts as [string, string];
  else if (parts.length === 3 && isOptions(parts[2]!)) [source, target, options] = parts as [string, string, string];
  else return undefined;
  if (!target) return undefined;
  const bind = /^[/.~]/.test(source);
  return { kind: bind ? 'bind' : 'volume', source, target, readOnly: options.split(',').includes('ro') };
}

/** `--mount type=bind,source=/a,target=/b,readonly`; undefined for other kinds (tmpfs, npipe) and unknown keys. */
export function parseMountSpec(spec: string): VolumeRow | undefined {
  const fields = new Map<string, string>();
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    fields.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? 'true' : part.slice(eq + 1));
  }
  const type = fields.get('type') ?? 'volume';
  if (type !== 'bind' && type !== 'volume') return undefined;
  const known = new Set(['type', 'source', 'src', 'target', 'destination', 'dst', 'readonly', 'ro']);
  if ([...fields.keys()].some((k) => !known.has(k))) return undefined;
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst') ?? '';
  if (!target) return undefined;
  const ro = fields.get('readonly') ?? fields.get('ro');
  return { kind: type, source: fields.get('source') ?? fields.get('src') ?? '', target, readOnly: ro !== undefined && ro !== 'false' && ro !== '0' };
}

const isOff = (value: string | undefined) => value === 'false' || value === '0';

export function parseRunCommand(text: string): ParsedRunCommand {
  const cleaned = text.trim().replace(/^[$>]\s+/, '');
  if (!cleaned) return { ok: false, error: 'Paste a command that starts with docker run.' };
  const split = splitShellWords(cleaned);
  if (split.unclosedQuote) return { ok: false, error: `A ${split.unclosedQuote === '"' ? 'double' : 'single'} quote is left open: paste the whole command.` };
  const notes: string[] = [];
  const leftOut: LeftOutFlag[] = [];
  if (split.stoppedAt) notes.push(`Only the first command was read: what follows “${split.stoppedAt}” was left out.`);
  if (split.expansions.length) {
    notes.push(`${[...new Set(split.expansions)].join(', ')} would be replaced by your shell; Berth keeps ${split.expansions.length === 1 ? 'it' : 'them'} as written.`);
  }

  const words = split.words;
  let i = 0;
  if (words[i] === 'sudo') for (i++; words[i]?.startsWith('-'); i++);
  if (!PROGRAMS.test(words[i] ?? '')) return { ok: false, error: 'This is not a docker run command: it should start with “docker run”.' };
  i++;
  for (; words[i]?.startsWith('-'); i++) {
    const option = words[i]!;
    const takesValue = GLOBAL_VALUE_OPTIONS.has(option);
    leftOut.push({ flag: option, value: takesValue ? words[i + 1] : undefined, reason: 'chooses how the docker CLI connects; Berth uses the engine it is connected to.' });
    if (takesValue) i++;
  }
  if (words[i] === 'container') i++;
  if (words[i] === 'create') notes.push('docker create only creates the container; Berth also starts it.');
  else if (words[i] !== 'run') return { ok: false, error: `This is a “docker ${words[i] ?? ''}” command, not “docker run”.` };
  i++;

  const form = emptyForm();
  const apply = (name: string, written: string, value: string | undefined) => {
    const skip = (reason: string) => leftOut.push({ flag: written, value, reason });
    switch (name) {
      case 'name':
        form.name = value ?? '';
        return;
      case 'env': {
        const eq = value?.indexOf('=') ?? -1;
        if (value && eq > 0) form.env.push({ key: value.slice(0, eq), value: value.slice(eq + 1) });
        else skip('takes its value from your shell’s environment, which Berth cannot see: add it with a value.');
        return;
      }
      case 'env-file':
        return skip('names a file on your machine: load it with “Load env file” in the Environment section.');
      case 'publish': {
        const rows = value ? parsePortSpec(value) : undefined;
        if (rows) form.ports.push(...rows);
        else skip('is not a port mapping Berth understands (host-port:container-port).');
        return;
      }
      case 'publish-all':
        form.publishAll = !isOff(value);
        return;
      case 'volume':
      case 'mount': {
        const row = value ? (name === 'volume' ? parseVolumeSpec(value) : parseMountSpec(value)) : undefined;
        if (row) form.volumes.push(row);
        else skip(name === 'volume' ? 'is not a volume Berth understands (source:/path[:ro]).' : 'is a kind of mount the Run form has no field for.');
        return;
      }
      case 'restart': {
        const m = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(value ?? '');
        if (!m || (m[2] !== undefined && m[1] !== 'on-failure')) return skip('is not a restart policy (no, on-failure[:retries], always, unless-stopped).');
        form.restart = m[1] as RunForm['restart'];
        form.maxRetries = m[2] ?? '';
        return;
      }
      case 'network':
        form.network = value === 'bridge' || value === 'default' ? '' : (value ?? '');
        return;
      case 'cpus':
        form.cpus = value ?? '';
        return;
      case 'memory':
        form.memory = value ?? '';
        return;
      case 'workdir':
        form.workdir = value ?? '';
        return;
      case 'user':
        form.user = value ?? '';
        return;
      case 'hostname':
        form.hostname = value ?? '';
        return;
      case 'entrypoint':
        form.entrypoint = value ? joinShellWords([value]) : '';
        return;
      case 'label': {
        const eq = value?.indexOf('=') ?? -1;
        if (value) form.labels.push(eq < 0 ? { key: value, value: '' } : { key: value.slice(0, eq), value: value.slice(eq + 1) });
        return;
      }
      case 'rm':
        form.autoRemove = !isOff(value);
        return;
      case 'interactive':
        form.interactive = !isOff(value);
        return;
      case 'tty':
        form.tty = !isOff(value);
        return;
      case 'privileged':
        form.privileged = !isOff(value);
        return;
      case 'init':
        form.init = !isOff(value);
        return;
      case 'detach':
        return; // Berth always runs containers in the background.
    }
    if (CLI_ONLY_FLAGS.has(name)) return skip('only changes what the docker CLI does in your terminal.');
    if (VALUE_FLAGS.has(name) || SWITCH_FLAGS.has(name)) return skip('has no field in the Run form.');
    skip('is not a docker run flag.');
  };

  for (; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') {
      i++;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const written = eq < 0 ? word : word.slice(0, eq);
      const raw = written.slice(2);
      const name = FLAG_ALIASES[raw] ?? raw;
      let value = eq < 0 ? undefined : word.slice(eq + 1);
      if (VALUE_FLAGS.has(name) && value === undefined) {
        value = words[++i];
        if (value === undefined) {
          leftOut.push({ flag: written, reason: 'needs a value, and the command ends there.' });
          break;
        }
      }
      apply(name, written, value);
      continue;
    }
    // Short flags may be grouped (`-dit`); the first one that takes a value takes the rest of the group or the next word.
    const letters = word.slice(1);
    for (let j = 0; j < letters.length; j++) {
      const letter = letters[j]!;
      const name = SHORT_FLAGS[letter];
      if (!name) {
        leftOut.push({ flag: `-${letter}`, reason: 'is not a docker run flag.' });
        continue;
      }
      if (VALUE_FLAGS.has(name)) {
        let value: string | undefined = letters.slice(j + 1).replace(/^=/, '');
        if (!value) value = words[++i];
        if (value === undefined) leftOut.push({ flag: `-${letter}`, reason: 'needs a value, and the command ends there.' });
        else apply(name, `-${letter}`, value);
        break;
      }
      apply(name, `-${letter}`, undefined);
    }
  }

  const image = words[i];
  if (!image) return { ok: false, error: 'The command names no image: docker run needs one after its options.' };
  form.image = image;
  form.command = joinShellWords(words.slice(i + 1));
  return { ok: true, form, leftOut, notes };
}
