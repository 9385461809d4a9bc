/**
 * The form as the `docker run` line that makes the same container, to copy into a terminal or a script.
 * It reads back through model/parse-command.ts into the same form.
 */
import type { OptionRow, PortRow, RunForm, VolumeRow } from './form';
import { isBlankKeyValue, isBlankOption, isBlankPort, isBlankVolume } from './form';
import { OTHER_OPTIONS } from './other-options';
import { joinShellWords, splitShellWords } from './shell-words';

/** `-p` as docker writes it: `[ip:][hostPort:]containerPort[/proto]`, with IPv6 addresses in brackets. */
export function portFlag(p: PortRow): string {
  const ip = p.hostIp.trim();
  const host = p.hostPort.trim();
  const container = `${p.containerPort.trim()}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`;
  if (ip) return `${ip.includes(':') ? `[${ip}]` : ip}:${host}:${container}`;
  return host ? `${host}:${container}` : container;
}

export function volumeFlag(v: VolumeRow): string {
  const target = v.target.trim();
  const source = v.source.trim();
  const options = v.readOnly ? ':ro' : '';
  return source ? `${source}:${target}${options}` : `${target}${options}`;
}

/** An option as its words: `--read-only`, `--read-only=false`, `--cap-add NET_ADMIN`. */
export function optionWords(o: OptionRow): string[] {
  const flag = `--${o.flag.trim().replace(/^-+/, '')}`;
  // A value that starts with a dash is joined to its flag, so no reader takes it for a flag of its own.
  if (!OTHER_OPTIONS[o.flag.trim().replace(/^-+/, '')]?.isSwitch) return o.value.startsWith('-') ? [`${flag}=${o.value}`] : [flag, o.value];
  return o.value === '' || o.value === 'true' ? [flag] : [`${flag}=${o.value}`];
}

/** The words of the command, `docker` first. */
export function formToWords(form: RunForm): string[] {
  const words = form.start ? ['docker', 'run', '-d'] : ['docker', 'create'];
  const add = (...w: string[]) => words.push(...w);
  if (form.name.trim()) add('--name', form.name.trim());
  if (form.interactive && form.tty) add('-it');
  else if (form.interactive) add('-i');
  else if (form.tty) add('-t');
  if (form.autoRemove) add('--rm');
  if (form.privileged) add('--privileged');
  if (form.init) add('--init');
  if (form.restart !== 'no') {
    const retries = form.maxRetries.trim();
    add('--restart', form.restart === 'on-failure' && /^\d+$/.test(retries) && Number(retries) > 0 ? `on-failure:${Number(retries)}` : form.restart);
  }
  if (form.network.trim()) add('--network', form.network.trim());
  if (form.hostname.trim()) add('--hostname', form.hostname.trim());
  if (form.workdir.trim()) add('-w', form.workdir.trim());
  if (form.user.trim()) add('-u', form.user.trim());
  if (form.cpus.trim()) add('--cpus', form.cpus.trim());
  if (form.memory.trim()) add('-m', form.memory.trim());
  for (const p of form.ports) if (!isBlankPort(p)) add('-p', portFlag(p));
  if (form.publishAll) add('-P');
  for (const v of form.volumes) if (!isBlankVolume(v)) add('-v', volumeFlag(v));
  for (const e of form.env) if (!isBlankKeyValue(e)) add('-e', `${e.key.trim()}=${e.value}`);
  for (const l of form.labels) if (!isBlankKeyValue(l)) add('-l', `${l.key.trim()}=${l.value}`);
  for (const o of form.options) if (!isBlankOption(o)) add(...optionWords(o));

  // --entrypoint takes one word; the rest of a longer entrypoint goes first among the arguments, as the engine runs them.
  const [entry, ...entryRest] = splitShellWords(form.entrypoint).words;
  if (entry !== undefined) add('--entrypoint', entry);
  add(form.image.trim() || 'IMAGE');
  add(...entryRest, ...splitShellWords(form.command).words);
  return words;
}

export function formToCommand(form: RunForm): string {
  return joinShellWords(formToWords(form));
}
