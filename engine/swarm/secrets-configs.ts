/**
 * Secrets and configs of the swarm: list, create, remove (refused while services use one, naming them).
 * A secret's value goes from the request straight to the engine: it is never returned, logged or kept.
 */
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import type { ConfigDetails, SwarmObject } from '../contract/swarm-types';
import { dial, engineMessage, listInWords, swarmCall } from './engine-calls';
import { STACK_LABEL, servicesUsing } from './services';

type Kind = 'secret' | 'config';

interface EngineObject {
  ID: string;
  CreatedAt: string;
  UpdatedAt: string;
  Spec: { Name: string; Labels?: Record<string, string> | null; Data?: string };
}

export interface NewValue {
  encoding: 'text' | 'base64';
  data: string;
}

const plural = (kind: Kind) => (kind === 'secret' ? 'secrets' : 'configs');

function toObject(o: EngineObject, usedBy: string[]): SwarmObject {
  const labels = o.Spec.Labels ?? {};
  return { id: o.ID, name: o.Spec.Name, createdAt: o.CreatedAt, updatedAt: o.UpdatedAt, labels, usedBy, stack: labels[STACK_LABEL] };
}

export async function listObjects(docker: Docker, kind: Kind): Promise<SwarmObject[]> {
  const [list, users] = await Promise.all([
    swarmCall(() => dial<EngineObject[]>(docker, 'GET', `/${plural(kind)}`)),
    servicesUsing(docker, kind === 'secret' ? 'Secrets' : 'Configs'),
  ]);
  return list.map((o) => toObject(o, users.get(o.ID) ?? [])).sort((a, b) => a.name.localeCompare(b.name));
}

async function inspectObject(docker: Docker, kind: Kind, id: string): Promise<EngineObject> {
  try {
    return await swarmCall(() => dial<EngineObject>(docker, 'GET', `/${plural(kind)}/${encodeURIComponent(id)}`));
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) throw new UserError(`There is no ${kind} “${id}” (any more).`, 'not-found');
    throw e;
  }
}

export async function configDetails(docker: Docker, id: string): Promise<ConfigDetails> {
  const o = await inspectObject(docker, 'config', id);
  const users = await servicesUsing(docker, 'Configs');
  const bytes = Buffer.from(o.Spec.Data ?? '', 'base64');
  const text = bytes.toString('utf8');
  // Shown as text only when it is text: a binary config round-trips badly through a text box.
  const isText = Buffer.from(text, 'utf8').equals(bytes) && !text.includes('\0');
  return { ...toObject(o, users.get(o.ID) ?? []), text: isText ? text : undefined, sizeBytes: bytes.length };
}

export async function createObject(docker: Docker, kind: Kind, input: { name: string; value: NewValue; labels: Record<string, string> }): Promise<SwarmObject> {
  const data = input.value.encoding === 'text' ? Buffer.from(input.value.data, 'utf8').toString('base64') : input.value.data;
  let created: { ID: string };
  try {
    created = await swarmCall(() => dial<{ ID: string }>(docker, 'POST', `/${plural(kind)}/create`, { body: { Name: input.name, Labels: input.labels, Data: data } }));
  } catch (e) {
    if (e instanceof UserError) throw e;
    // The engine's message never holds the value, but say it in our own words anyway.
    const message = engineMessage(e);
    if ((e as { statusCode?: number }).statusCode === 409 || /already exists/i.test(message)) {
      throw new UserError(`A ${kind} named “${input.name}” already exists: ${kind}s cannot be changed, so choose another name (or remove the old one first).`, 'conflict');
    }
    if (/invalid name|not a valid/i.test(message)) throw new UserError(`The engine refused the name “${input.name}”: ${message}`, 'invalid-input');
    throw new UserError(`Could not create the ${kind} ${input.name}: ${message}`, 'engine-error');
  }
  return toObject(await inspectObject(docker, kind, created.ID), []);
}

export async function removeObject(docker: Docker, kind: Kind, id: string): Promise<{ name: string }> {
  const o = await inspectObject(docker, kind, id);
  const users = (await servicesUsing(docker, kind === 'secret' ? 'Secrets' : 'Configs')).get(o.ID) ?? [];
  if (users.length) {
    throw new UserError(
      `${o.Spec.Name} is used by ${users.length === 1 ? 'service' : 'services'} ${listInWords(users)}: remove it from ${users.length === 1 ? 'that service' : 'those services'} (or remove ${users.length === 1 ? 'the service' : 'them'}) first.`,
      'conflict',
    );
  }
  await dial(docker, 'DELETE', `/${plural(kind)}/${o.ID}`);
  return { name: o.Spec.Name };
}
