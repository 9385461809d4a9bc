/** One container's details page: inspect, processes, files and live resource use, on the active engine. */
import type Docker from 'dockerode';
import type { containerDetailMethods, containerDetailStreams } from '../contract/container-details';
import type { ContainerInspect, ProcessList } from '../contract/container-details-types';
import { downloadPath, uploadFile } from '../docker/container-archive';
import { listFolder } from '../docker/container-files';
import { StatsFollower } from '../docker/container-stats';
import { EventQueue } from '../rpc/event-queue';
import type { UploadMessage } from '../rpc/upload';
import type { EngineAccess, MethodHandlersFor, StreamHandlersFor } from './engine-access';
import { streamDownload } from './download';
import type { DownloadAccess } from './download';

/** `top` is read again this often while the Processes tab is open. */
const TOP_EVERY_MS = 2000;

export function containerDetailHandlers(engine: EngineAccess): MethodHandlersFor<typeof containerDetailMethods> {
  return {
    'container.inspect': ({ id }) => engine.engineCall(async (d) => (await d.getContainer(id).inspect()) as unknown as ContainerInspect),
    'container.files.list': ({ id, path }) => engine.engineCall((d) => listFolder(d, id, path)),
  };
}

/** Runs an engine stream's setup through engineCall (so failures read as sentences), then its body. */
async function* guarded<T>(engine: EngineAccess, body: (docker: Docker) => AsyncGenerator<T>): AsyncGenerator<T> {
  const iterator = await engine.engineCall(async (docker) => body(docker));
  try {
    for (;;) {
      const next = await engine.engineCall(() => iterator.next());
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return(undefined);
  }
}

export function containerDetailStreamHandlers(engine: DownloadAccess): StreamHandlersFor<typeof containerDetailStreams> {
  return {
    'container.top': ({ id }, { signal }) =>
      guarded(engine, async function* (docker) {
        while (!signal.aborted) {
          const top = (await docker.getContainer(id).top()) as { Titles?: string[]; Processes?: string[][] };
          const list: ProcessList = { titles: top.Titles ?? [], processes: top.Processes ?? [] };
          yield list;
          await new Promise((resolve) => {
            const timer = setTimeout(resolve, TOP_EVERY_MS);
            signal.addEventListener('abort', () => (clearTimeout(timer), resolve(undefined)), { once: true });
          });
        }
      }),
    'containers.stats': ({ ids }, { signal, onWrite }) =>
      guarded(engine, async function* (docker) {
        const follower = new StatsFollower(docker, signal);
        follower.follow(ids);
        onWrite(({ ids: next }) => follower.follow(next));
        yield* follower.batches;
      }),
    'container.files.download': ({ id, path, target }, { signal }) =>
      streamDownload(engine.downloads, target, signal, (download) => engine.engineCall((docker) => downloadPath(docker, id, path, signal, download))),
    'container.files.upload': ({ id, folder, name, size }, { signal, onWrite }) => {
      const writes = new EventQueue<UploadMessage>(signal);
      onWrite((w) => {
        writes.push(w);
        if (w.t === 'end') writes.end();
      });
      return guarded(engine, (docker) => uploadFile(docker, id, { folder, name, size }, writes, signal));
    },
  };
}
