/**
 * A build on the engine's builder (POST /build), its output as it comes, each step as it starts, and on
 * failure the step that failed with the engine's message. Cancelling aborts the request, which stops the
 * build on the engine.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { AuthConfig } from 'dockerode';
import type { BuildEvent, BuildStep } from '../contract/images-types';
import { jsonLines, EngineStreamError } from './json-lines';

export interface BuildOptions {
  dockerfile: string;
  tags: string[];
  buildArgs: Record<string, string>;
  target?: string;
  noCache: boolean;
  pull: boolean;
  /** Credentials for the registries FROM images come from, keyed by server address. */
  auths: Record<string, AuthConfig>;
}

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;

export async function* buildImage(docker: Docker, context: Readable, options: BuildOptions, signal: AbortSignal): AsyncGenerator<BuildEvent> {
  const response = (await docker.buildImage(context, {
    dockerfile: options.dockerfile,
    t: options.tags,
    buildargs: options.buildArgs,
    target: options.target,
    nocache: options.noCache,
    pull: options.pull,
    rm: true,
    forcerm: true,
    registryconfig: options.auths,
    abortSignal: signal,
  } as unknown as Parameters<Docker['buildImage']>[1])) as NodeJS.ReadableStream;

  let step: BuildStep | undefined;
  let imageId: string | undefined;
  try {
    for await (const line of jsonLines(response as AsyncIterable<Buffer>)) {
      const aux = line.aux as { ID?: string } | undefined;
      if (typeof aux?.ID === 'string') imageId = aux.ID;
      if (!line.stream) continue;
      const started = STEP.exec(line.stream.trim());
      if (started) {
        step = { number: Number(started[1]), total: Number(started[2]), instruction: started[3]! };
        yield { type: 'step', ...step };
      }
      yield { type: 'output', text: line.stream };
    }
  } catch (e) {
    if (e instanceof EngineStreamError) yield { type: 'failed', step, message: e.message };
    throw e;
  }
  if (!imageId) {
    // Older engines say it only in words.
    throw new EngineStreamError('The build ended without producing an image.');
  }
  yield { type: 'done', imageId, tags: options.tags };
}
