/**
 * A service's form (what the user sets) and the engine's ServiceSpec, both ways. Applying a form keeps
 * every field of the existing spec the form does not show, so "update any field" never drops one.
 */
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import type { ServiceForm, ServiceMount, UpdatePolicy } from '../contract/swarm-types';
import { listInWords } from './engine-calls';

const NS = 1e9;

/* eslint-disable @typescript-eslint/no-explicit-any -- a ServiceSpec is deep and open-ended; it is read and written field by field here. */
export type ServiceSpec = Record<string, any>;

function policyOf(c: any): UpdatePolicy {
  return {
    parallelism: c?.Parallelism ?? 1,
    delaySeconds: (c?.Delay ?? 0) / NS,
    failureAction: c?.FailureAction ?? 'pause',
    order: c?.Order ?? 'stop-first',
    monitorSeconds: (c?.Monitor ?? 5 * NS) / NS,
  };
}

function policySpec(p: UpdatePolicy, before: any): any {
  return { ...before, Parallelism: p.parallelism, Delay: Math.round(p.delaySeconds * NS), FailureAction: p.failureAction, Order: p.order, Monitor: Math.round(p.monitorSeconds * NS) };
}

/** The image without the digest the engine pins it to (`busybox:latest@sha256:…`). */
export function imageName(image: string | undefined): string {
  return (image ?? '').replace(/@sha256:[0-9a-f]{64}$/, '');
}

export function formOf(spec: ServiceSpec): ServiceForm {
  const t = spec.TaskTemplate ?? {};
  const c = t.ContainerSpec ?? {};
  const res = t.Resources ?? {};
  return {
    name: spec.Name ?? '',
    image: imageName(c.Image),
    entrypoint: c.Command ?? [],
    command: c.Args ?? [],
    env: c.Env ?? [],
    workdir: c.Dir ?? '',
    user: c.User ?? '',
    tty: Boolean(c.TTY),
    labels: spec.Labels ?? {},
    mode: spec.Mode?.Global ? 'global' : 'replicated',
    replicas: spec.Mode?.Replicated?.Replicas ?? 1,
    ports: (spec.EndpointSpec?.Ports ?? []).map((p: any) => ({ target: p.TargetPort, published: p.PublishedPort || undefined, protocol: p.Protocol ?? 'tcp', mode: p.PublishMode ?? 'ingress' })),
    mounts: (c.Mounts ?? []).map((m: any): ServiceMount => ({ type: m.Type, source: m.Source ?? '', target: m.Target, readOnly: Boolean(m.ReadOnly) })),
    networks: (t.Networks ?? spec.Networks ?? []).map((n: any) => n.Target),
    constraints: t.Placement?.Constraints ?? [],
    preferences: (t.Placement?.Preferences ?? []).filter((p: any) => p.Spread).map((p: any) => `spread=${p.Spread.SpreadDescriptor}`),
    restartCondition: t.RestartPolicy?.Condition ?? 'any',
    update: policyOf(spec.UpdateConfig),
    rollback: policyOf(spec.RollbackConfig),
    cpuLimit: (res.Limits?.NanoCPUs ?? 0) / NS,
    memoryLimitBytes: res.Limits?.MemoryBytes ?? 0,
    cpuReservation: (res.Reservations?.NanoCPUs ?? 0) / NS,
    memoryReservationBytes: res.Reservations?.MemoryBytes ?? 0,
    secrets: (c.Secrets ?? []).map((s: any) => ({ name: s.SecretName, target: s.File?.Name ?? s.SecretName })),
    configs: (c.Configs ?? []).map((s: any) => ({ name: s.ConfigName, target: s.File?.Name ?? s.ConfigName })),
  };
}

/** Secret or config ids by name; a name the swarm does not have is refused in words. */
async function idsByName(docker: Docker, kind: 'secret' | 'config', names: string[]): Promise<Map<string, string>> {
  if (!names.length) return new Map();
  const list = (kind === 'secret' ? await docker.listSecrets() : await docker.listConfigs()) as { ID: string; Spec: { Name: string } }[];
  const ids = new Map(list.map((s) => [s.Spec.Name, s.ID]));
  const missing = names.filter((n) => !ids.has(n));
  if (missing.length) throw new UserError(`The swarm has no ${kind} ${listInWords(missing.map((m) => `“${m}”`))}: create it first on the Secrets and configs page.`, 'not-found');
  return ids;
}

/** The spec a form makes, over `before` (the service's spec as it is, or nothing for a new service). */
export async function specOf(docker: Docker, form: ServiceForm, before: ServiceSpec = {}): Promise<ServiceSpec> {
  const t = before.TaskTemplate ?? {};
  const c = t.ContainerSpec ?? {};
  const [secretIds, configIds] = await Promise.all([
    idsByName(docker, 'secret', form.secrets.map((s) => s.name)),
    idsByName(docker, 'config', form.configs.map((s) => s.name)),
  ]);
  // The image as it was, digest included, unless the user changed it: the update then pins nothing new.
  const image = imageName(c.Image) === form.image ? c.Image : form.image;
  const limits = { ...(form.cpuLimit ? { NanoCPUs: Math.round(form.cpuLimit * NS) } : {}), ...(form.memoryLimitBytes ? { MemoryBytes: form.memoryLimitBytes } : {}) };
  const reservations = {
    ...(form.cpuReservation ? { NanoCPUs: Math.round(form.cpuReservation * NS) } : {}),
    ...(form.memoryReservationBytes ? { MemoryBytes: form.memoryReservationBytes } : {}),
  };
  const containerSpec = {
    ...c,
    Image: image,
    Command: form.entrypoint.length ? form.entrypoint : undefined,
    Args: form.command.length ? form.command : undefined,
    Env: form.env.length ? form.env : undefined,
    Dir: form.workdir || undefined,
    User: form.user || undefined,
    TTY: form.tty || undefined,
    Mounts: form.mounts.length ? form.mounts.map((m) => ({ Type: m.type, Source: m.source || undefined, Target: m.target, ReadOnly: m.readOnly || undefined })) : undefined,
    Secrets: form.secrets.length
      ? form.secrets.map((s) => ({ SecretName: s.name, SecretID: secretIds.get(s.name), File: { Name: s.target || s.name, UID: '0', GID: '0', Mode: 0o444 } }))
      : undefined,
    Configs: form.configs.length
      ? form.configs.map((s) => ({ ConfigName: s.name, ConfigID: configIds.get(s.name), File: { Name: s.target || `/${s.name}`, UID: '0', GID: '0', Mode: 0o444 } }))
      : undefined,
  };
  return {
    ...before,
    Name: form.name,
    Labels: form.labels,
    TaskTemplate: {
      ...t,
      ContainerSpec: containerSpec,
      Resources: Object.keys(limits).length || Object.keys(reservations).length ? { Limits: limits, Reservations: reservations } : undefined,
      RestartPolicy: { ...t.RestartPolicy, Condition: form.restartCondition },
      Placement: {
        ...t.Placement,
        Constraints: form.constraints.length ? form.constraints.map((s) => s.trim()) : undefined,
        Preferences: form.preferences.length ? form.preferences.map((p) => ({ Spread: { SpreadDescriptor: p.slice('spread='.length) } })) : undefined,
      },
      Networks: form.networks.length ? form.networks.map((n) => ({ ...(t.Networks ?? []).find((x: any) => x.Target === n), Target: n })) : undefined,
      // A changed spec is a new task template, which is what starts the rolling update.
      ForceUpdate: t.ForceUpdate,
    },
    Mode: form.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: form.replicas } },
    UpdateConfig: policySpec(form.update, before.UpdateConfig),
    RollbackConfig: policySpec(form.rollback, before.RollbackConfig),
    EndpointSpec: {
      ...before.EndpointSpec,
      Ports: form.ports.length
        ? form.ports.map((p) => ({ Protocol: p.protocol, TargetPort: p.target, PublishedPort: p.published, PublishMode: p.mode }))
        : undefined,
    },
  };
}
