/**
 * The contract of Compose projects. Berth drives the Compose installed on the machine: quick questions are
 * methods, and everything Compose does to a project (up, down, pull, build…) is a stream the UI runs as a
 * task, with Compose's output streamed and its errors made readable.
 */
import { z } from 'zod';
import { method, none, stream } from './define';
import type { ComposeDownPlan, ComposeEvent, ComposeProject, ComposeProjectSummary, ComposeTool } from './compose-types';

/** A project name as Compose accepts it (`-p`). */
export const composeProjectName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,127}$/, 'a Compose project name (lower-case letters, digits, “-” and “_”)');

const serviceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a service name');
const hostFile = z.string().trim().min(1, 'Type the path of a compose file or of its folder.').max(4096);
const services = z.array(serviceName).max(500).default([]);

export const composeOpenInput = z
  .object({
    /** A compose file, or a folder holding one (compose.yaml, docker-compose.yml…), on the Berth host. */
    path: hostFile,
    /** More files layered on the first (`-f a.yml -f b.yml`), as paths on the Berth host. */
    moreFiles: z.array(hostFile).max(20).default([]),
    envFiles: z.array(hostFile).max(20).default([]),
    profiles: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a profile name')).max(50).default([]),
  })
  .strict();

export const composeAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('up'), services, build: z.boolean().default(false), forceRecreate: z.boolean().default(false) }).strict(),
  z.object({ action: z.literal('start'), services }).strict(),
  z.object({ action: z.literal('stop'), services }).strict(),
  z.object({ action: z.literal('restart'), services }).strict(),
  z.object({ action: z.literal('pull'), services }).strict(),
  z.object({ action: z.literal('build'), services }).strict(),
  z.object({ action: z.literal('recreate'), services }).strict(),
  z.object({ action: z.literal('scale'), service: serviceName, replicas: z.number().int().min(0).max(100) }).strict(),
  z
    .object({ action: z.literal('down'), volumes: z.boolean().default(false), images: z.enum(['none', 'local', 'all']).default('none') })
    .strict(),
]);

export const composeMethods = {
  /** Which Compose Berth runs, everything it found, and why. */
  'compose.tool': method<ComposeTool>()(none),
  /** Choose another Compose among those found (its command), or go back to the automatic choice (null). */
  'compose.choose': method<ComposeTool>()(z.object({ command: z.string().max(4096).nullable() }).strict()),
  /** Projects opened in Berth and projects running on the engine. */
  'compose.projects': method<ComposeProjectSummary[]>()(none),
  /** Opens a compose file or folder: Compose checks it, and Berth remembers it. */
  'compose.open': method<{ name: string }>()(composeOpenInput),
  /** Changes the profiles enabled for a project Berth knows. */
  'compose.setProfiles': method<ComposeProject>()(z.object({ name: composeProjectName, profiles: composeOpenInput.shape.profiles }).strict()),
  'compose.project': method<ComposeProject>()(z.object({ name: composeProjectName }).strict()),
  /** Forgets a remembered project (its containers stay); the projects left. */
  'compose.forget': method<ComposeProjectSummary[]>()(z.object({ name: composeProjectName }).strict()),
  /** Exactly what `down` would remove now, with these options. */
  'compose.downPlan': method<ComposeDownPlan>()(
    z.object({ name: composeProjectName, volumes: z.boolean(), images: z.enum(['none', 'local', 'all']) }).strict(),
  ),
} as const;

export const composeStreams = {
  /** Runs Compose on a project; cancelled by closing the stream (Compose is stopped). */
  'compose.run': stream<ComposeEvent>()(z.object({ name: composeProjectName, command: composeAction }).strict()),
} as const;
