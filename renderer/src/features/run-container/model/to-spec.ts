/**
 * The form as the Engine API's create body, field for field what `docker run` sends for the same flags.
 * Blank rows are left out; values that do not parse are left out too (model/validate.ts says why, and the
 * dialog does not create while it has something to say). "Other options" are applied last, in their order.
 */
import type { ContainerCreateSpec, HostConfigSpec, PortBindingSpec } from '../../../../../engine/contract/run-types';
import type { RunForm, VolumeRow } from './form';
import { isBlankKeyValue, isBlankPort, isBlankVolume } from './form';
import { applyOptions } from './other-options';
import { splitShellWords } from './shell-words';
import { parseCpus, parseMemory } from './units';

/** A bind as the engine's `Binds` list writes it; undefined for a volume without a name (see `Volumes`). */
export function bindOf(v: VolumeRow): string | undefined {
  const source = v.source.trim();
  const target = v.target.trim();
  if (!source || !target) return undefined;
  return `${source}:${target}${v.readOnly ? ':ro' : ''}`;
}

export function formToSpec(form: RunForm): ContainerCreateSpec {
  const spec: ContainerCreateSpec = { Image: form.image.trim(), HostConfig: {} };
  const host: HostConfigSpec = spec.HostConfig;
  const name = form.name.trim();
  if (name) spec.name = name;

  const entrypoint = splitShellWords(form.entrypoint).words;
  const command = splitShellWords(form.command).words;
  if (entrypoint.length) spec.Entrypoint = entrypoint;
  if (command.length) spec.Cmd = command;

  const env = form.env.filter((r) => !isBlankKeyValue(r) && r.key.trim()).map((r) => `${r.key.trim()}=${r.value}`);
  if (env.length) spec.Env = env;
  if (form.workdir.trim()) spec.WorkingDir = form.workdir.trim();
  if (form.user.trim()) spec.User = form.user.trim();
  if (form.hostname.trim()) spec.Hostname = form.hostname.trim();
  const labels = form.labels.filter((r) => r.key.trim());
  if (labels.length) spec.Labels = Object.fromEntries(labels.map((r) => [r.key.trim(), r.value]));

  const bindings: Record<string, PortBindingSpec[]> = {};
  for (const p of form.ports) {
    if (isBlankPort(p) || !/^\d+$/.test(p.containerPort.trim())) continue;
    const key = `${Number(p.containerPort)}/${p.protocol}`;
    const hostPort = p.hostPort.trim();
    const binding: PortBindingSpec = { HostIp: p.hostIp.trim(), HostPort: /^\d+$/.test(hostPort) ? String(Number(hostPort)) : '' };
    (bindings[key] ??= []).push(binding);
  }
  if (Object.keys(bindings).length) {
    host.PortBindings = bindings;
    spec.ExposedPorts = Object.fromEntries(Object.keys(bindings).map((k) => [k, {}]));
  }
  if (form.publishAll) host.PublishAllPorts = true;

  const binds: string[] = [];
  const anonymous: string[] = [];
  for (const v of form.volumes) {
    if (isBlankVolume(v) || !v.target.trim()) continue;
    const bind = bindOf(v);
    if (bind) binds.push(bind);
    else if (v.kind === 'volume') anonymous.push(v.target.trim());
  }
  if (binds.length) host.Binds = binds;
  if (anonymous.length) spec.Volumes = Object.fromEntries(anonymous.map((t) => [t, {}]));

  if (form.restart !== 'no') {
    host.RestartPolicy = { Name: form.restart };
    const retries = form.maxRetries.trim();
    if (form.restart === 'on-failure' && /^\d+$/.test(retries)) host.RestartPolicy.MaximumRetryCount = Number(retries);
  }
  if (form.network.trim()) host.NetworkMode = form.network.trim();
  const nanoCpus = form.cpus.trim() ? parseCpus(form.cpus) : undefined;
  if (nanoCpus) host.NanoCpus = nanoCpus;
  const memory = form.memory.trim() ? parseMemory(form.memory) : undefined;
  if (memory) host.Memory = memory;
  if (form.autoRemove) host.AutoRemove = true;
  if (form.privileged) host.Privileged = true;
  if (form.init) host.Init = true;
  if (form.interactive) spec.OpenStdin = true;
  if (form.tty) spec.Tty = true;
  applyOptions(spec, form.options, form.network.trim());
  return spec;
}
