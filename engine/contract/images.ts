/**
 * The contract of images, builds and registries. Quick questions are methods; everything that takes a while
 * (pull, push, build, save, load, prune) is a stream the UI runs as a task, cancelled by closing it.
 */
import { z } from 'zod';
import { imageRef, method, none, stream } from './define';
import { referenceProblem } from './image-reference';
import type {
  BuildEvent,
  ImageLayers,
  ImageSummary,
  LoadEvent,
  PruneEvent,
  PrunePlan,
  RegistryLogin,
  RegistryLogins,
  TransferEvent,
} from './images-types';
import { hostPath, uploadSource, uploadWrite } from './transfer';
import { saveTarget } from './download';
import type { DownloadEvent } from './download';
import type { BulkResult } from './types';

/** Any reference the engine could pull: name, name:tag, name@digest, with or without a registry. */
export const imageReference = z
  .string()
  .max(512)
  .superRefine((text, ctx) => {
    const problem = referenceProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((s) => s.trim());

/** A name to give an image: like a reference, without a digest. */
export const imageTag = z
  .string()
  .max(512)
  .superRefine((text, ctx) => {
    const problem = referenceProblem(text, { allowDigest: false });
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((s) => s.trim());

/** A registry as people name it: `docker.io`, `ghcr.io`, `localhost:5000`, `registry.example.com:8443`. */
export const registryName = z
  .string()
  .trim()
  .min(1, 'Type the registry’s address, such as docker.io or localhost:5000.')
  .max(255)
  .regex(/^(?:https?:\/\/)?[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[\w./-]*)?$/, 'A registry address is a host name, with a port when it needs one (localhost:5000).');

export const buildInput = z
  .object({
    context: z.discriminatedUnion('kind', [hostPath, uploadSource]),
    /** The Dockerfile's path inside the context. */
    dockerfile: z
      .string()
      .trim()
      .min(1)
      .max(1024)
      .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), 'a path inside the build context')
      .default('Dockerfile'),
    tags: z.array(imageTag).max(20).default([]),
    buildArgs: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Build argument names are letters, digits and “_”.').max(256), z.string().max(32_768))
      .default({}),
    target: z
      .string()
      .trim()
      .max(128)
      .regex(/^[A-Za-z0-9][\w.-]*$/, 'A target is the name of a stage (FROM … AS name).')
      .optional(),
    noCache: z.boolean().default(false),
    /** Pull newer versions of the FROM images. */
    pull: z.boolean().default(false),
  })
  .strict();

export const imageMethods = {
  'images.list': method<ImageSummary[]>()(none),
  /** An image's history, each step with its layer and what it shares with other local images. */
  'images.layers': method<ImageLayers>()(z.object({ id: imageRef }).strict()),
  'images.tag': method<{ tag: string }>()(z.object({ image: imageRef, tag: imageTag }).strict()),
  /**
   * Removes tags and images. A tag (`repo:tag`) is untagged, and the image goes with its last tag; an id
   * removes the image. `force` removes images that stopped containers use, or that have several tags.
   */
  'images.remove': method<BulkResult>()(z.object({ refs: z.array(imageRef).min(1).max(10_000), force: z.boolean() }).strict()),
  /** Exactly what a prune would remove now, and the space it gives back. */
  'images.prunePlan': method<PrunePlan>()(z.object({ scope: z.enum(['dangling', 'unused']) }).strict()),

  'registries.list': method<RegistryLogins>()(none),
  /** Checks the credentials with the registry (through the engine) and keeps them only if they work. */
  'registries.signIn': method<RegistryLogin>()(
    z.object({ registry: registryName, username: z.string().trim().min(1).max(255), password: z.string().min(1).max(8192) }).strict(),
  ),
  /** Forgets a login made in Berth; logins of the docker CLI stay where they are. */
  'registries.signOut': method<RegistryLogins>()(z.object({ registry: registryName }).strict()),
} as const;

export const imageStreams = {
  'images.pull': stream<TransferEvent>()(z.object({ reference: imageReference }).strict()),
  'images.push': stream<TransferEvent>()(z.object({ reference: imageTag }).strict()),
  'images.build': stream<BuildEvent>()(buildInput, uploadWrite),
  /** `docker save`: a tar archive of the images, by the one download path (download.ts). */
  'images.save': stream<DownloadEvent>()(z.object({ images: z.array(imageRef).min(1).max(100), target: saveTarget }).strict()),
  'images.load': stream<LoadEvent>()(z.object({ source: z.discriminatedUnion('kind', [hostPath, uploadSource]) }).strict(), uploadWrite),
  /** Removes exactly these images (from a prune plan); any that came into use meanwhile are kept. */
  'images.prune': stream<PruneEvent>()(z.object({ ids: z.array(imageRef).min(1).max(10_000) }).strict()),
} as const;
