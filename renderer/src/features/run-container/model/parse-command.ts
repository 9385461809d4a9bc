/**
 * Reads a pasted `docker run ...` line into the Run form. Flags with a field fill it; every other flag that
 * shapes the container is kept as written in "Other options"; files it names are listed in `files` to be
 * read. Nothing is dropped silently: what cannot be kept (flags for the CLI's own terminal, values the form
 * cannot take) is named in `leftOut` with the reason.
 */
import type { NamedFile, Protocol, PortRow, RunForm, VolumeRow } from './form';
import { emptyForm } from './form';
import { CLI_ONLY_FLAGS, FLAG_ALIASES, SHORT_FLAGS, SWITCH_FLAGS, VALUE_FLAGS } from './docker-run-flags';
import { OTHER_OPTIONS } from './other-options';
import { joinShellWords, splitShellWords } from './shell-words';
import { volumeFlag } from './to-command';

export interface LeftOutFlag {
  /** As written: `--cap-add`, `-e`. */
  flag: string;
  value?: string;
  /** Why it was left out, in words. */
  reason: string;
}

/**
 * Where the container's output goes after it starts when the line has no `-d`: the docker CLI would stay
 * attached and show it (`logs`), or hand the user its shell (`terminal`, with `-it`). A window cannot take
 * over the user's terminal, so Berth starts it in the background and opens that tab of the container.
 */
export type AttachedView = 'logs' | 'terminal';

export type ParsedRunCommand =
  | { ok: true; form: RunForm; leftOut: LeftOutFlag[]; notes: string[]; files: NamedFile[]; attached?: AttachedView }
  | { ok: false; error: string };

/** What the Run dialog says before creating, when the line had no `-d`. */
export function attachedNotice(view: AttachedView): string {
  return view === 'terminal'
    ? 'Without -d the docker CLI would connect your terminal to the container; Berth starts it in the background and opens its Terminal tab.'
    : 'Without -d the docker CLI would show the container’s output in your terminal; Berth starts it in the background and opens its logs.';
}

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
  const createOnly = words[i] === 'create';
  if (!createOnly && words[i] !== 'run') return { ok: false, error: `This is a “docker ${words[i] ?? ''}” command, not “docker run”.` };
  i++;

  const form = emptyForm();
  form.start = !createOnly;
  const files: NamedFile[] = [];
  let detached = false;
  const apply = (name: string, written: string, value: string | undefined) => {
    const skip = (reason: string) => leftOut.push({ flag: written, value, reason });
    const keep = () => form.options.push({ flag: name, value: value ?? '' });
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
      case 'label-file':
        if (value) files.push({ flag: name, path: value });
        return;
      case 'publish': {
        const rows = value ? parsePortSpec(value) : undefined;
        if (rows) form.ports.push(...rows);
        else skip('is not a port mapping Berth understands (host-port:container-port).');
        return;
      }
      case 'publish-all':
        form.publishAll = !isOff(value);
        return;
      case 'volume': {
        // A row keeps a source, a target and read-only; a volume with other options (`:z`, `:rshared`) is kept as written.
        const row = value ? parseVolumeSpec(value) : undefined;
        if (row && volumeFlag(row) === value) form.volumes.push(row);
        else keep();
        return;
      }
      case 'restart': {
        const m = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(value ?? '');
        if (!m || (m[2] !== undefined && m[1] !== 'on-failure')) return skip('is not a restart policy (no, on-failure[:retries], always, unless-stopped).');
        form.restart = m[1] as RunForm['restart'];
        form.maxRetries = m[2] ?? '';
        return;
      }
      case 'network': {
        const network = value === 'default' ? '' : (value ?? '');
        if (form.network && network !== form.network) return skip(`joins a second network: Berth creates the container on ${form.network}; connect it to others from its Networks list once it exists.`);
        if (network.includes('=')) return skip('uses the long network syntax (name=…,alias=…): write it as --network NAME with --network-alias, --ip and the like.');
        form.network = network;
        return;
      }
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
        // `--entrypoint ''` is a choice too: it clears the image's entrypoint.
        form.entrypoint = joinShellWords([value ?? '']);
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
        detached = !isOff(value);
        return;
      case 'use-api-socket':
        return skip('makes the docker CLI copy its own sign-in details into the container; mount the engine’s socket with -v if the container needs it.');
    }
    if (CLI_ONLY_FLAGS.has(name)) return skip('only changes what the docker CLI does in your terminal.');
    if (OTHER_OPTIONS[name]) return keep();
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
  // `docker create` never attaches; `docker run` does unless told -d.
  if (createOnly || detached) return { ok: true, form, leftOut, notes, files };
  const attached: AttachedView = form.interactive && form.tty ? 'terminal' : 'logs';
  return { ok: true, form, leftOut, notes, files, attached };
}
