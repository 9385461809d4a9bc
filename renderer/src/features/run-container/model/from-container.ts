/**
 * The Run form filled from an existing container, for "Duplicate" and "Recreate with changes". A
 * container's inspect data mixes what was chosen at `docker run` with what its image brings (environment,
 * command, labels, exposed ports); the image's own values are taken out again, so the form shows only the
 * choices and a later change to the image still reaches the new container.
 */
import type { RunTemplate } from '../../../../../engine/contract/run-types';
import type { KeyValueRow, OptionRow, PortRow, Protocol, RunForm } from './form';
import { emptyForm } from './form';
import { mountOptions, optionsFromContainer } from './options-from-container';
import { parseVolumeSpec } from './parse-command';
import { joinShellWords } from './shell-words';
import { volumeFlag } from './to-command';
import { formatCpus, formatMemory } from './units';

export type TemplateUse = 'duplicate' | 'recreate';

const COMPOSE_LABEL = /^com\.docker\.compose\./;
const ANONYMOUS = /^[0-9a-f]{64}$/;

const asList = (v: string[] | string | null | undefined): string[] => (v == null ? [] : Array.isArray(v) ? v : [v]);
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A name for a copy that does not clash with the original: `web` → `web-copy`, `web-copy` → `web-copy-2`. */
export function copyName(name: string): string {
  const m = /^(.*)-copy(?:-(\d+))?$/.exec(name);
  if (!m) return `${name}-copy`;
  return `${m[1]}-copy-${Number(m[2] ?? 1) + 1}`;
}

export function templateToForm(template: RunTemplate, use: TemplateUse): RunForm {
  const { container, image } = template;
  const config = container.Config ?? {};
  const host = container.HostConfig ?? {};
  const form = emptyForm(config.Image ?? container.Image ?? '');
  const name = container.Name.replace(/^\//, '');
  form.name = use === 'recreate' ? name : copyName(name);

  // The engine keeps the image's command unless the entrypoint was replaced; either differs from the image's when chosen.
  const entrypoint = asList(config.Entrypoint);
  const cmd = asList(config.Cmd);
  const entrypointChosen = !image || !sameList(entrypoint, asList(image.Entrypoint));
  if (entrypointChosen) form.entrypoint = joinShellWords(entrypoint);
  if (entrypointChosen || !sameList(cmd, asList(image?.Cmd))) form.command = joinShellWords(cmd);

  const imageEnv = new Set(image?.Env ?? []);
  form.env = (config.Env ?? []).filter((e) => !imageEnv.has(e)).map((e): KeyValueRow => {
    const eq = e.indexOf('=');
    return eq < 0 ? { key: e, value: '' } : { key: e.slice(0, eq), value: e.slice(eq + 1) };
  });
  if (config.WorkingDir && config.WorkingDir !== (image?.WorkingDir ?? '')) form.workdir = config.WorkingDir;
  if (config.User && config.User !== (image?.User ?? '')) form.user = config.User;
  // The engine names a container's host after its short id unless told otherwise.
  if (config.Hostname && config.Hostname !== container.Id.slice(0, 12)) form.hostname = config.Hostname;
  const imageLabels = image?.Labels ?? {};
  form.labels = Object.entries(config.Labels ?? {})
    .filter(([k, v]) => imageLabels[k] !== v)
    // A copy is not part of the Compose project; a recreated container stays in it.
    .filter(([k]) => use === 'recreate' || !COMPOSE_LABEL.test(k))
    .map(([key, value]) => ({ key, value }));

  form.ports = Object.entries(host.PortBindings ?? {}).flatMap(([key, bindings]) => {
    const [port = '', protocol = 'tcp'] = key.split('/');
    return (bindings ?? []).map((b): PortRow => ({ hostIp: b.HostIp ?? '', hostPort: b.HostPort ?? '', containerPort: port, protocol: protocol as Protocol }));
  });
  form.publishAll = host.PublishAllPorts ?? false;

  // Volumes as they were asked for (`-v`), not as mounted: what `--mount` and `--volumes-from` brought is
  // theirs, and a bind's options (`:z`, `:rshared`) stay as written.
  const volumeOptions: OptionRow[] = [];
  for (const bind of host.Binds ?? []) {
    const row = parseVolumeSpec(bind);
    if (row && volumeFlag(row) === bind) form.volumes.push(row);
    else volumeOptions.push({ flag: 'volume', value: bind });
  }
  const imageVolumes = new Set(Object.keys(image?.Volumes ?? {}));
  const asked = new Set([...(host.Binds ?? []).map((b) => parseVolumeSpec(b)?.target), ...(host.Mounts ?? []).map((m) => m.Target)]);
  const anonymousAt = (target: string) => (container.Mounts ?? []).find((m) => m.Destination === target && m.Type === 'volume' && ANONYMOUS.test(m.Name ?? ''))?.Name;
  for (const target of Object.keys(config.Volumes ?? {})) {
    if (asked.has(target)) continue;
    const name = anonymousAt(target);
    // Recreating keeps the data: the same volume goes to the new container, the image's own ones included.
    if (use === 'recreate' && name) form.volumes.push({ kind: 'volume', source: name, target, readOnly: false });
    // A copy gets a fresh volume where the original had one without a name; the image makes its own anyway.
    else if (!imageVolumes.has(target)) {
      const row = parseVolumeSpec(target);
      if (row && volumeFlag(row) === target) form.volumes.push(row);
      else volumeOptions.push({ flag: 'volume', value: target });
    }
  }

  const restart = host.RestartPolicy?.Name;
  if (restart === 'always' || restart === 'unless-stopped' || restart === 'on-failure') form.restart = restart;
  if (restart === 'on-failure' && host.RestartPolicy?.MaximumRetryCount) form.maxRetries = String(host.RestartPolicy.MaximumRetryCount);
  const network = host.NetworkMode ?? '';
  form.network = network === 'default' ? '' : network;
  if (host.NanoCpus) form.cpus = formatCpus(host.NanoCpus);
  if (host.Memory) form.memory = formatMemory(host.Memory);
  form.autoRemove = host.AutoRemove ?? false;
  form.privileged = host.Privileged ?? false;
  form.init = host.Init ?? false;
  form.interactive = config.OpenStdin ?? false;
  form.tty = config.Tty ?? false;
  form.options = [...optionsFromContainer(template), ...volumeOptions, ...mountOptions(container, use === 'recreate')];
  return form;
}
