/** Images, builds and registries: the contract of engine/contract/images.ts, implemented on the active engine. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import type { z } from 'zod';
import type { buildInput, imageMethods, imageStreams } from '../contract/images';
import { familiarName, parseImageReference, repositoryName, withDefaultTag } from '../contract/image-reference';
import type { ImageReference } from '../contract/image-reference';
import type { BuildEvent, LoadEvent, TransferEvent } from '../contract/images-types';
import { UserError } from '../contract/errors';
import { settleAll } from '../docker/containers';
import { filterArchive, packFolder } from '../docker/build-context';
import { archiveName, exportImages, loadImages } from '../docker/image-archive';
import { buildImage } from '../docker/image-build';
import { planPrune, prune } from '../docker/image-prune';
import { TransferProgress } from '../docker/image-transfer';
import { imageLayers, listImages, removeImage, tagImage } from '../docker/images';
import { jsonLines } from '../docker/json-lines';
import { paced } from '../docker/paced';
import type { CredentialStore } from '../registry/credential-store';
import { Registries } from '../registry/registries';
import { Channel } from '../rpc/channel';
import { receiveUpload } from '../rpc/upload';
import type { UploadMessage } from '../rpc/upload';
import type { StreamContext } from '../rpc/session-host';
import { streamDownload } from './download';
import type { DownloadAccess } from './download';
import type { EngineAccess, MethodHandlersFor, StreamHandlersFor } from './engine-access';

export interface ImageEngineAccess extends DownloadAccess {
  /** Where logins made in Berth are kept (read when used, so the desktop app can inject its own). */
  readonly credentials: CredentialStore;
}

function parsed(text: string): ImageReference {
  const result = parseImageReference(text);
  if (!result.ok) throw new UserError(result.problem, 'invalid-input');
  return withDefaultTag(result.reference);
}

/** Runs a stream on the engine, with any failure turned into the sentence an engine call would give. */
async function* onEngine<T>(engine: EngineAccess, run: (docker: Docker) => AsyncIterable<T>): AsyncGenerator<T> {
  const docker = await engine.engineCall(async (d) => d);
  try {
    yield* run(docker);
  } catch (e) {
    // engineCall is where engine failures become UserErrors; hand it the failure to translate.
    throw await engine.engineCall(() => Promise.reject(e)).catch((translated: unknown) => translated);
  }
}

async function* transfer(docker: Docker, response: NodeJS.ReadableStream, name: string, verb: 'Pulled' | 'Pushed'): AsyncGenerator<TransferEvent> {
  const progress = new TransferProgress();
  yield* paced(jsonLines(response as AsyncIterable<Buffer>), (line) => progress.apply(line), () => progress.snapshot());
  const imageId = ((await docker.getImage(name).inspect().catch(() => undefined)) as { Id?: string } | undefined)?.Id;
  const upToDate = progress.outcome?.startsWith('Image is up to date');
  yield { type: 'done', reference: name, digest: progress.digest, imageId, message: upToDate ? `${name} is already up to date.` : `${verb} ${name}.` };
}

/** Counts the bytes going through, for progress while reading a file (told every few megabytes). */
function counter(onBytes: (total: number) => void, everyBytes = 4 * 1024 * 1024): Transform {
  let total = 0;
  let told = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total - told >= everyBytes) {
        told = total;
        onBytes(total);
      }
      done(null, chunk);
    },
  });
}

async function fileToRead(file: string): Promise<number> {
  const stat = await fs.promises.stat(file).catch(() => undefined);
  if (!stat) throw new UserError(`There is no file ${file} on the machine Berth runs on.`, 'not-found');
  if (!stat.isFile()) throw new UserError(`${file} is not a file.`, 'invalid-input');
  return stat.size;
}

type BuildInput = z.output<typeof buildInput>;

/** Marks a promise as handled now; whoever awaits it later still sees its failure. */
function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function build(engine: ImageEngineAccess, registries: Registries, input: BuildInput, ctx: StreamContext<UploadMessage>): AsyncIterable<BuildEvent> {
  const out = new Channel<BuildEvent>(ctx.signal);
  let context: Promise<Readable>;
  if (input.context.kind === 'upload') {
    // The upload lands in a temporary file first: its .dockerignore may come anywhere in the archive. The
    // session host aborts the signal whenever the stream ends, so the file goes however the build went.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-build-'));
    const file = path.join(dir, 'context');
    ctx.signal.addEventListener('abort', () => void fs.promises.rm(dir, { recursive: true, force: true }), { once: true });
    const uploaded = receiveUpload(ctx, fs.createWriteStream(file), input.context.size, (bytes) => out.push({ type: 'uploaded', bytes }));
    out.push({ type: 'uploaded', bytes: 0 });
    context = later(uploaded.then(() => filterArchive(file, input.dockerfile)));
  } else {
    context = later(packFolder(input.context.path, input.dockerfile));
  }
  // A cancelled build stops reading its context; close the folder walk or the archive it reads from.
  ctx.signal.addEventListener('abort', () => void context.then((c) => c.destroy(), () => undefined), { once: true });
  const { dockerfile, tags, buildArgs, target, noCache, pull } = input;
  out.drain(
    onEngine(engine, async function* (docker) {
      yield* buildImage(docker, await context, { dockerfile, tags, buildArgs, target, noCache, pull, auths: await registries.allAuths() }, ctx.signal);
    }),
  );
  return out;
}

function load(engine: ImageEngineAccess, source: { kind: 'path'; path: string } | { kind: 'upload'; size: number }, ctx: StreamContext<UploadMessage>): AsyncIterable<LoadEvent> {
  const out = new Channel<LoadEvent>(ctx.signal);
  let archive: Promise<Readable>;
  let uploaded: Promise<void> = Promise.resolve();
  if (source.kind === 'upload') {
    const pipe = new PassThrough();
    uploaded = later(receiveUpload(ctx, pipe, source.size, (bytes) => out.push({ type: 'uploaded', bytes })));
    out.push({ type: 'uploaded', bytes: 0 });
    archive = Promise.resolve(pipe);
  } else {
    const file = source.path;
    archive = later(fileToRead(file).then((total) => fs.createReadStream(file).pipe(counter((bytes) => out.push({ type: 'progress', bytes, total })))));
  }
  out.drain(
    onEngine(engine, async function* (docker) {
      const [images] = await Promise.all([loadImages(docker, await archive, ctx.signal), uploaded]);
      yield { type: 'done', images } as const;
    }),
  );
  return out;
}

export function imageHandlers(engine: ImageEngineAccess): MethodHandlersFor<typeof imageMethods> {
  const registries = new Registries(() => engine.credentials);
  return {
    'images.list': () => engine.engineCall((d) => listImages(d)),
    'images.layers': ({ id }) => engine.engineCall((d) => imageLayers(d, id)),
    'images.tag': ({ image, tag }) => engine.engineCall(async (d) => ({ tag: await tagImage(d, image, tag) })),
    'images.remove': ({ refs, force }) => engine.engineCall((d) => settleAll(refs, (ref) => removeImage(d, ref, force), (e) => engine.describe(e))),
    'images.prunePlan': ({ scope }) => engine.engineCall((d) => planPrune(d, scope)),
    'registries.list': () => registries.list(),
    'registries.signIn': ({ registry, username, password }) => engine.engineCall((d) => registries.signIn(d, registry, username, password)),
    'registries.signOut': ({ registry }) => registries.signOut(registry),
  };
}

export function imageStreamHandlers(engine: ImageEngineAccess): StreamHandlersFor<typeof imageStreams> {
  const registries = new Registries(() => engine.credentials);
  return {
    'images.pull': ({ reference }, { signal }) =>
      onEngine(engine, async function* (docker) {
        const ref = parsed(reference);
        const auth = await registries.authFor(ref.registry);
        const response = (await docker.createImage(auth ?? {}, { fromImage: repositoryName(ref), tag: ref.digest ?? ref.tag, abortSignal: signal })) as NodeJS.ReadableStream;
        yield* transfer(docker, response, familiarName(ref), 'Pulled');
      }),
    'images.push': ({ reference }, { signal }) =>
      onEngine(engine, async function* (docker) {
        const ref = parsed(reference);
        const authconfig = (await registries.authFor(ref.registry)) ?? {};
        const name = repositoryName(ref);
        const response = (await docker.getImage(name).push({ tag: ref.tag, authconfig, abortSignal: signal })) as NodeJS.ReadableStream;
        yield* transfer(docker, response, familiarName(ref), 'Pushed');
      }),
    'images.build': (input, ctx) => build(engine, registries, input, ctx),
    'images.save': ({ images, target }, { signal }) =>
      streamDownload(engine.downloads, target, signal, (download) =>
        engine.engineCall(async (docker) => {
          // The archive is a little larger than the images: progress says "about".
          const sizes = await Promise.all(images.map((i) => docker.getImage(i).inspect().then((info) => info.Size)));
          const source = await exportImages(docker, images, signal);
          await download.save({ name: archiveName(images), contentType: 'application/x-tar', totalBytes: sizes.reduce((a, b) => a + b, 0) }, (out) => pipeline(source, out));
        }),
      ),
    'images.load': ({ source }, ctx) => load(engine, source, ctx),
    'images.prune': ({ ids }, { signal }) => onEngine(engine, (docker) => prune(docker, ids, signal)),
  };
}
