/**
 * Creating, starting and recreating containers from the Run dialog's create body, and what an existing
 * container was made from.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type Docker from 'dockerode';
import type { ContainerCreateSpec, RunChoice, RunChoiceKind, RunFile, RunResult, RunTemplate } from '../contract/run-types';
import { UserError } from '../contract/errors';

interface CreateAnswer {
  Id: string;
  Warnings?: string[] | null;
}

/**
 * POST /containers/create with the name in the query and the spec as the body. (dockerode's own
 * createContainer also copies the whole body into the query string, which long environments overflow.)
 */
function createContainer(docker: Docker, spec: ContainerCreateSpec, name: string | undefined): Promise<CreateAnswer> {
  const { name: _ignored, platform, ...body } = spec;
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/containers/create?',
        method: 'POST',
        options: { _query: { ...(name ? { name } : {}), ...(platform ? { platform } : {}) }, _body: body },
        statusCodes: { 200: true, 201: true, 400: 'bad parameter', 404: 'no such image', 409: 'conflict', 500: 'server error' },
      },
      (err, data) => (err ? reject(err) : resolve(data as CreateAnswer)),
    );
  });
}

async function nameOf(docker: Docker, id: string): Promise<string> {
  const info = await docker.getContainer(id).inspect();
  return info.Name.replace(/^\//, '');
}

/**
 * Creates the container and starts it; a container that cannot start is removed again, so nothing
 * half-made stays. With `start` false it is only created, as `docker create` does.
 */
export async function createAndStart(docker: Docker, spec: ContainerCreateSpec, start = true): Promise<RunResult> {
  const created = await createContainer(docker, spec, spec.name);
  const container = docker.getContainer(created.Id);
  if (!start) return { id: created.Id, name: spec.name ?? (await nameOf(docker, created.Id)), warnings: created.Warnings ?? [] };
  try {
    await container.start();
  } catch (e) {
    await container.remove({ force: true }).catch(() => undefined);
    throw e;
  }
  // An auto-removed container may already be gone when it exits at once.
  const name = spec.name ?? (await nameOf(docker, created.Id).catch(() => created.Id.slice(0, 12)));
  return { id: created.Id, name, warnings: created.Warnings ?? [] };
}

/**
 * Replaces a container with a new one made from `spec`. Its volumes stay (the old container is removed
 * without them); what it wrote outside volumes goes with it. The old one is renamed aside and stopped
 * only once the new one exists, and put back as it was if the new one fails to start.
 */
export async function recreate(docker: Docker, id: string, spec: ContainerCreateSpec): Promise<RunResult> {
  const old = docker.getContainer(id);
  const before = await old.inspect();
  const oldName = before.Name.replace(/^\//, '');
  const wasRunning = before.State.Running || before.State.Restarting;
  const name = spec.name ?? oldName;
  const aside = `${oldName.slice(0, 200)}-replaced-${crypto.randomBytes(3).toString('hex')}`;

  await old.rename({ name: aside });
  let created: CreateAnswer;
  try {
    created = await createContainer(docker, spec, name);
  } catch (e) {
    await old.rename({ name: oldName }).catch(() => undefined);
    throw e;
  }
  const fresh = docker.getContainer(created.Id);
  // Stopped first, so the ports it publishes are free for the new one.
  if (wasRunning) await old.stop().catch((e: { statusCode?: number }) => (e.statusCode === 304 ? undefined : Promise.reject(e)));
  try {
    await fresh.start();
  } catch (e) {
    await fresh.remove({ force: true }).catch(() => undefined);
    await old.rename({ name: oldName }).catch(() => undefined);
    if (wasRunning) await old.start().catch(() => undefined);
    throw e;
  }
  // An auto-removed container is gone once stopped.
  await old.remove({ v: false, force: true }).catch((e: { statusCode?: number }) => (e.statusCode === 404 ? undefined : Promise.reject(e)));
  return { id: created.Id, name, warnings: created.Warnings ?? [] };
}

export async function runTemplate(docker: Docker, id: string): Promise<RunTemplate> {
  const container = await docker.getContainer(id).inspect();
  let image: RunTemplate['image'];
  try {
    image = (await docker.getImage(container.Image).inspect()).Config as RunTemplate['image'];
  } catch {
    // The image may be gone (removed with --force); the form then keeps everything the container has.
  }
  const info = (await docker.info().catch(() => ({}))) as { CgroupVersion?: string; LoggingDriver?: string; DefaultRuntime?: string };
  const engine = { cgroupVersion: info.CgroupVersion, loggingDriver: info.LoggingDriver, defaultRuntime: info.DefaultRuntime };
  return { container: container as unknown as RunTemplate['container'], image, engine };
}

const byName = (a: RunChoice, b: RunChoice) => a.name.localeCompare(b.name, undefined, { numeric: true });

export async function runChoices(docker: Docker, of: RunChoiceKind): Promise<RunChoice[]> {
  switch (of) {
    case 'images': {
      const images = await docker.listImages();
      const tags = images.flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'));
      return [...new Set(tags)].map((name) => ({ name })).sort(byName);
    }
    case 'networks': {
      const networks = await docker.listNetworks();
      return networks.map((n) => ({ name: n.Name, detail: n.Driver })).sort(byName);
    }
    case 'volumes': {
      const { Volumes } = await docker.listVolumes();
      // Volumes without a name belong to one container; offering them would share that container's data by accident.
      return (Volumes ?? []).filter((v) => !/^[0-9a-f]{64}$/.test(v.Name)).map((v) => ({ name: v.Name, detail: v.Driver })).sort(byName);
    }
    case 'containers': {
      const list = await docker.listContainers({ all: true });
      return list.map((c) => ({ name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), detail: c.State })).sort(byName);
    }
  }
}

const MAX_RUN_FILE = 1024 * 1024;

/** Reads a file named by `--env-file` or `--label-file`, with a sentence the user can act on when it cannot be read. */
export async function readRunFile(path: string): Promise<RunFile> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`There is no file ${path} on the machine Berth runs on: check the path, or choose the file.`);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`Berth may not read ${path}: check its permissions, or choose the file.`);
    if (code === 'EISDIR') throw new UserError(`${path} is a folder: the command needs a file there.`);
    throw e;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new UserError(`${path} is a folder: the command needs a file there.`);
    if (!info.isFile()) throw new UserError(`${path} is not a file: the command needs a file there.`);
    if (info.size > MAX_RUN_FILE) throw new UserError(`${path} is ${Math.ceil(info.size / 1024)} KB: a file of variables or labels is at most 1 MB.`);
    return { path, text: await handle.readFile({ encoding: 'utf8' }) };
  } finally {
    await handle.close();
  }
}
