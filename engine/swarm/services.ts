/** Services and their tasks, seen from a manager: list, inspect, create, update, scale, roll back, remove. */
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import type { ServiceDetails, ServiceForm, ServiceSummary, ServiceTask } from '../contract/swarm-types';
import { dial, engineMessage, swarmCall } from './engine-calls';
import type { EngineNode } from './nodes';
import { formOf, imageName, specOf } from './service-spec';
import type { ServiceSpec } from './service-spec';

export const STACK_LABEL = 'com.docker.stack.namespace';

export interface EngineService {
  ID: string;
  Version: { Index: number };
  CreatedAt: string;
  UpdatedAt: string;
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec;
  UpdateStatus?: { State?: string; StartedAt?: string; CompletedAt?: string; Message?: string };
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number };
}

interface EngineTask {
  ID: string;
  Slot?: number;
  NodeID?: string;
  ServiceID: string;
  Spec: ServiceSpec;
  DesiredState: string;
  Status: { Timestamp: string; State: string; Message?: string; Err?: string; ContainerStatus?: { ContainerID?: string } };
}

export function toSummary(s: EngineService): ServiceSummary {
  const spec = s.Spec;
  const global = Boolean(spec.Mode?.Global);
  return {
    id: s.ID,
    name: spec.Name,
    mode: global ? 'global' : 'replicated',
    image: imageName(spec.TaskTemplate?.ContainerSpec?.Image),
    running: s.ServiceStatus?.RunningTasks ?? 0,
    desired: s.ServiceStatus?.DesiredTasks ?? (global ? 0 : (spec.Mode?.Replicated?.Replicas ?? 0)),
    ports: formOf(spec).ports,
    createdAt: s.CreatedAt,
    updatedAt: s.UpdatedAt,
    update: s.UpdateStatus?.State
      ? { state: s.UpdateStatus.State, message: s.UpdateStatus.Message, startedAt: s.UpdateStatus.StartedAt, completedAt: s.UpdateStatus.CompletedAt }
      : undefined,
    stack: spec.Labels?.[STACK_LABEL],
    canRollback: Boolean(s.PreviousSpec),
  };
}

export async function listServices(docker: Docker): Promise<ServiceSummary[]> {
  const list = await swarmCall(() => dial<EngineService[]>(docker, 'GET', '/services', { query: { status: true } }));
  return list.map(toSummary).sort((a, b) => a.name.localeCompare(b.name));
}

async function inspectService(docker: Docker, id: string): Promise<EngineService> {
  try {
    return await swarmCall(() => dial<EngineService>(docker, 'GET', `/services/${encodeURIComponent(id)}`));
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) throw new UserError(`There is no service “${id}” (any more): it may have been removed.`, 'not-found');
    throw e;
  }
}

/** Keys sorted, so two specs compare equal whatever order their fields came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

export async function serviceTasks(docker: Docker, service: EngineService): Promise<ServiceTask[]> {
  const [tasks, nodes] = await Promise.all([
    dial<EngineTask[]>(docker, 'GET', '/tasks', { query: { filters: JSON.stringify({ service: [service.ID] }) } }),
    docker.listNodes() as Promise<EngineNode[]>,
  ]);
  const hostnames = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID.slice(0, 12)]));
  // A task's copy of the template leaves out the runtime the engine fills in.
  const comparable = (spec: ServiceSpec | undefined) => canonical({ ...spec, Runtime: undefined });
  const template = comparable(service.Spec.TaskTemplate);
  const global = Boolean(service.Spec.Mode?.Global);
  return tasks
    .map((t): ServiceTask => {
      const host = t.NodeID ? hostnames.get(t.NodeID) : undefined;
      return {
        id: t.ID,
        name: `${service.Spec.Name}.${global ? (host ?? t.NodeID ?? '') : (t.Slot ?? '')}`,
        slot: t.Slot,
        nodeId: t.NodeID ?? '',
        nodeHostname: host,
        state: t.Status.State,
        desiredState: t.DesiredState,
        message: t.Status.Message || undefined,
        error: t.Status.Err || undefined,
        since: t.Status.Timestamp,
        image: imageName(t.Spec.ContainerSpec?.Image),
        current: comparable(t.Spec) === template,
        containerId: t.Status.ContainerStatus?.ContainerID || undefined,
      };
    })
    .sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0) || a.name.localeCompare(b.name) || Number(b.desiredState === 'running') - Number(a.desiredState === 'running') || b.since.localeCompare(a.since));
}

export async function serviceDetails(docker: Docker, id: string): Promise<ServiceDetails> {
  const list = await swarmCall(() => dial<EngineService[]>(docker, 'GET', '/services', { query: { status: true, filters: JSON.stringify({ id: [id] }) } }));
  const service = list.find((s) => s.ID === id) ?? list.find((s) => s.Spec.Name === id) ?? (await inspectService(docker, id));
  return { service: toSummary(service), form: formOf(service.Spec), tasks: await serviceTasks(docker, service), raw: JSON.stringify(service, null, 2) };
}

function refused(e: unknown, name: string, what: string): never {
  const message = engineMessage(e);
  if (/name conflicts with an existing object|already exists/i.test(message)) throw new UserError(`A service named “${name}” already exists: choose another name.`, 'conflict');
  if (/update out of sequence/i.test(message)) throw new UserError(`${name} was changed elsewhere at the same moment: look at it again and repeat the change.`, 'conflict');
  if (/port '?(\d+)'? is already in use/i.test(message)) throw new UserError(`Published port ${/(\d+)/.exec(message)?.[1]} is already taken by another service: choose another.`, 'conflict');
  throw new UserError(`Could not ${what} ${name}: ${message}`, (e as { statusCode?: number }).statusCode === 400 ? 'invalid-input' : 'engine-error');
}

async function summaryOf(docker: Docker, id: string): Promise<ServiceSummary> {
  const list = await dial<EngineService[]>(docker, 'GET', '/services', { query: { status: true, filters: JSON.stringify({ id: [id] }) } });
  const found = list.find((s) => s.ID === id);
  return toSummary(found ?? (await inspectService(docker, id)));
}

export async function createService(docker: Docker, form: ServiceForm): Promise<ServiceSummary> {
  const spec = await swarmCall(() => specOf(docker, form));
  let created: { ID: string };
  try {
    created = await swarmCall(() => dial<{ ID: string }>(docker, 'POST', '/services/create', { body: spec }));
  } catch (e) {
    if (e instanceof UserError) throw e;
    refused(e, form.name, 'create');
  }
  return summaryOf(docker, created.ID);
}

async function update(docker: Docker, service: EngineService, spec: ServiceSpec, query: Record<string, string | number> = {}): Promise<ServiceSummary> {
  try {
    await dial(docker, 'POST', `/services/${service.ID}/update`, { query: { version: service.Version.Index, ...query }, body: spec });
  } catch (e) {
    refused(e, service.Spec.Name as string, query.rollback ? 'roll back' : 'update');
  }
  return summaryOf(docker, service.ID);
}

/** Applies the form over the service's spec as it is; a changed task template starts a rolling update. */
export async function updateService(docker: Docker, id: string, form: ServiceForm): Promise<ServiceSummary> {
  const service = await inspectService(docker, id);
  if (form.name !== service.Spec.Name) throw new UserError(`A service cannot be renamed (it is ${service.Spec.Name}): create a new one instead.`, 'invalid-input');
  return update(docker, service, await specOf(docker, form, service.Spec));
}

export async function scaleService(docker: Docker, id: string, replicas: number): Promise<ServiceSummary> {
  const service = await inspectService(docker, id);
  if (service.Spec.Mode?.Global) throw new UserError(`${service.Spec.Name} is a global service: it runs one task on every eligible node and cannot be scaled.`, 'not-supported');
  return update(docker, service, { ...service.Spec, Mode: { Replicated: { Replicas: replicas } } });
}

export async function rollbackService(docker: Docker, id: string): Promise<ServiceSummary> {
  const service = await inspectService(docker, id);
  if (!service.PreviousSpec) throw new UserError(`${service.Spec.Name} has not been updated yet, so there is nothing to roll back to.`, 'conflict');
  return update(docker, service, service.Spec, { rollback: 'previous' });
}

export async function removeService(docker: Docker, id: string): Promise<{ name: string }> {
  const service = await inspectService(docker, id);
  await docker.getService(service.ID).remove();
  return { name: service.Spec.Name as string };
}

/** Service names that use a secret or config, by its id. */
export async function servicesUsing(docker: Docker, kind: 'Secrets' | 'Configs'): Promise<Map<string, string[]>> {
  const list = (await docker.listServices()) as unknown as EngineService[];
  const by = new Map<string, string[]>();
  for (const s of list) {
    for (const ref of (s.Spec.TaskTemplate?.ContainerSpec?.[kind] ?? []) as { SecretID?: string; ConfigID?: string }[]) {
      const id = ref.SecretID ?? ref.ConfigID;
      if (id) by.set(id, [...(by.get(id) ?? []), s.Spec.Name as string]);
    }
  }
  return by;
}

