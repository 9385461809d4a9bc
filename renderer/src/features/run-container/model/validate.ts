/**
 * What is wrong with the form before the engine is asked anything, field by field, in sentences the user
 * can act on. Errors block creating; warnings are said and allowed.
 */
import type { RunForm } from './form';
import { isBlankKeyValue, isBlankPort, isBlankVolume, sharedContainer } from './form';
import { applyOptions } from './other-options';
import { splitShellWords } from './shell-words';
import { parseCpus, parseMemory } from './units';

export interface FieldProblem {
  /** `image`, `name`, `ports.2.hostPort`, `volumes.0.target`, `env.1.key`, ... */
  field: string;
  severity: 'error' | 'warning';
  message: string;
}

/** The engine's own rules, as its errors would say them. */
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const IMAGE_REFERENCE = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{12,64}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+(%\w+)?$/;
/** The engine refuses less. */
const MIN_MEMORY = 6 * 1024 * 1024;

function portNumber(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text.trim())) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

export function validateForm(form: RunForm): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const error = (field: string, message: string) => problems.push({ field, severity: 'error', message });
  const warn = (field: string, message: string) => problems.push({ field, severity: 'warning', message });

  const image = form.image.trim();
  if (!image) error('image', 'Choose an image to run.');
  else if (!IMAGE_REFERENCE.test(image) && !IMAGE_ID.test(image)) error('image', `“${image}” is not an image name: use letters, digits and . _ - in lower case, such as nginx:1.27 or ghcr.io/org/app.`);

  const name = form.name.trim();
  if (name && !CONTAINER_NAME.test(name)) error('name', 'A name has at least two characters: letters, digits and _ . - (not first).');

  for (const field of ['command', 'entrypoint'] as const) {
    const split = splitShellWords(form[field]);
    if (split.unclosedQuote) error(field, `A ${split.unclosedQuote === '"' ? 'double' : 'single'} quote is left open.`);
    else if (split.stoppedAt) error(field, `“${split.stoppedAt}” is shell syntax, and no shell runs this: wrap it as sh -c '…' if you need one.`);
  }
  if (form.workdir.trim() && !form.workdir.trim().startsWith('/')) error('workdir', 'The working directory is a path inside the container, starting with /.');

  const sharesNetwork = sharedContainer(form.network) !== undefined;
  const published = form.ports.filter((p) => !isBlankPort(p));
  const hostPorts = new Map<string, number>();
  form.ports.forEach((p, i) => {
    if (isBlankPort(p)) return;
    const at = `ports.${i}`;
    if (!p.containerPort.trim()) error(`${at}.containerPort`, 'Say which port inside the container to publish.');
    else if (portNumber(p.containerPort) === undefined) error(`${at}.containerPort`, 'A port is a number from 1 to 65535.');
    if (p.hostPort.trim()) {
      const n = portNumber(p.hostPort);
      if (n === undefined) error(`${at}.hostPort`, 'A port is a number from 1 to 65535, or empty for a free one.');
      else {
        const key = `${n}/${p.protocol}`;
        if (hostPorts.has(key)) error(`${at}.hostPort`, `Host port ${n} is already used by another row: each host port goes to one container port.`);
        hostPorts.set(key, i);
      }
    }
    const ip = p.hostIp.trim().replace(/^\[(.*)\]$/, '$1');
    if (ip && !IPV4.test(ip) && !(ip.includes(':') && IPV6.test(ip))) error(`${at}.hostIp`, `“${ip}” is not an IP address: leave it empty for all addresses, or use 127.0.0.1 for this machine only.`);
  });
  if ((published.length || form.publishAll) && sharesNetwork) {
    error('network', 'A container that shares another container’s network cannot publish ports: publish them on that container instead.');
  } else if ((published.length || form.publishAll) && form.network === 'host') {
    warn('network', 'With the host network the container uses this machine’s ports directly; published ports are ignored.');
  } else if ((published.length || form.publishAll) && form.network === 'none') {
    warn('network', 'With no network, published ports cannot be reached.');
  }
  if (sharesNetwork && !sharedContainer(form.network)?.trim()) error('network', 'Name the container whose network to share.');

  const targets = new Set<string>();
  form.volumes.forEach((v, i) => {
    if (isBlankVolume(v)) return;
    const at = `volumes.${i}`;
    const source = v.source.trim();
    const target = v.target.trim();
    if (!target) error(`${at}.target`, 'Say where to mount it inside the container.');
    else if (!target.startsWith('/')) error(`${at}.target`, 'The path inside the container starts with /.');
    else if (targets.has(target)) error(`${at}.target`, `${target} is mounted twice.`);
    targets.add(target);
    if (v.kind === 'bind') {
      if (!source) error(`${at}.source`, 'Choose the folder on this machine to mount.');
      else if (!source.startsWith('/')) error(`${at}.source`, `Use the full path of the folder, starting with / (“${source}” depends on where a shell is).`);
      else if (source.includes(':')) error(`${at}.source`, 'A folder path with “:” cannot be mounted this way.');
    } else if (source && !VOLUME_NAME.test(source)) {
      error(`${at}.source`, 'A volume name has at least two characters: letters, digits and _ . - (not first).');
    }
  });

  form.env.forEach((e, i) => {
    if (isBlankKeyValue(e)) return;
    if (!e.key.trim()) error(`env.${i}.key`, 'Give the variable a name.');
    else if (e.key.includes('=')) error(`env.${i}.key`, 'A variable’s name cannot contain “=”.');
    else if (/\s/.test(e.key.trim())) error(`env.${i}.key`, 'A variable’s name cannot contain spaces.');
  });
  form.labels.forEach((l, i) => {
    if (!isBlankKeyValue(l) && !l.key.trim()) error(`labels.${i}.key`, 'Give the label a name.');
  });

  if (form.restart === 'on-failure' && form.maxRetries.trim() && !/^\d+$/.test(form.maxRetries.trim())) {
    error('maxRetries', 'The number of retries is a whole number (empty for no limit).');
  }
  if (form.autoRemove && form.restart !== 'no') error('restart', 'A container removed when it stops cannot also be restarted: choose one.');

  if (form.cpus.trim()) {
    if (parseCpus(form.cpus) === undefined) error('cpus', 'CPUs is a number such as 0.5 or 2.');
  }
  if (form.memory.trim()) {
    const bytes = parseMemory(form.memory);
    if (bytes === undefined) error('memory', 'Memory is a size such as 512m or 2g.');
    else if (bytes < MIN_MEMORY) error('memory', 'The engine needs a memory limit of at least 6m.');
  }
  // Each option is applied to a scratch body: what cannot be applied is said next to its row.
  for (const [i, message] of applyOptions({ Image: '', HostConfig: {} }, form.options, form.network.trim())) error(`options.${i}.value`, message);
  return problems;
}
