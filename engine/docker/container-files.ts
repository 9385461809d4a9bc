/**
 * Listing a folder inside a container. A running container is asked directly (one `stat` over the
 * folder's entries through `exec`): fast and exact however large the folder's subtree. A stopped container,
 * or an image without a shell, is read through the engine's archive endpoint instead, which returns the
 * whole subtree: only the headers are read, and a very large subtree is cut short and said to be.
 */
import path from 'node:path/posix';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { UserError } from '../contract/errors';
import type { FileEntry, FileKind, FileListing } from '../contract/container-details-types';

/** An archive listing stops after reading this much of the folder's subtree. */
const ARCHIVE_BUDGET_BYTES = 512 * 1024 ** 2;
const ARCHIVE_BUDGET_MS = 10_000;

/**
 * Prints `E|type|size|mtime|mode|name` per entry, then `D|name` for links that lead to folders and
 * `L|'name' -> 'target'` for links. Works with busybox and GNU coreutils alike; only builtins loop.
 */
const LIST_SCRIPT = `cd -- "$1" 2>/dev/null || { echo 'berth:missing'; exit 0; }
set --
for f in .* *; do case "$f" in .|..) ;; *) if [ -e "$f" ] || [ -L "$f" ]; then set -- "$@" "$f"; fi;; esac; done
[ $# -eq 0 ] && exit 0
stat -c 'E|%F|%s|%Y|%a|%n' -- "$@" || exit 3
for f in "$@"; do shift; if [ -L "$f" ]; then set -- "$@" "$f"; if [ -d "$f" ]; then printf 'D|%s\\n' "$f"; fi; fi; done
if [ $# -gt 0 ]; then stat -c 'L|%N' -- "$@"; fi
exit 0`;

/** Splits the engine's multiplexed stdout/stderr framing (8-byte headers) of a whole, finished exec. */
export function demuxOutput(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const kind = buffer[at];
    const length = buffer.readUInt32BE(at + 4);
    const frame = buffer.subarray(at + 8, at + 8 + length);
    (kind === 2 ? err : out).push(frame);
    at += 8 + length;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

async function execCollect(docker: Docker, id: string, cmd: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  const { ExitCode } = await exec.inspect();
  return { code: ExitCode ?? -1, ...demuxOutput(Buffer.concat(chunks)) };
}

function kindOfStat(type: string): FileKind {
  if (type.startsWith('regular')) return 'file';
  if (type === 'directory') return 'folder';
  if (type === 'symbolic link') return 'link';
  return 'other';
}

/** Reads the listing script's output; undefined when the folder does not exist. */
export function parseStatListing(output: string): FileEntry[] | undefined {
  if (output.startsWith('berth:missing')) return undefined;
  const entries = new Map<string, FileEntry>();
  const linkLines: string[] = [];
  const folders = new Set<string>();
  for (const line of output.split('\n')) {
    if (line.startsWith('E|')) {
      const [, type = '', size = '0', mtime = '0', mode = '', ...rest] = line.split('|');
      const name = rest.join('|');
      entries.set(name, { name, kind: kindOfStat(type), size: Number(size), modified: Number(mtime), mode });
    } else if (line.startsWith('D|')) folders.add(line.slice(2));
    else if (line.startsWith('L|')) linkLines.push(line.slice(2));
  }
  // `'name' -> 'target'`: matched by name, since either tool may quote names its own way.
  const links = [...entries.values()].filter((e) => e.kind === 'link');
  links.forEach((link, i) => {
    const line = linkLines[i];
    const arrow = line?.indexOf(' -> ') ?? -1;
    if (line && arrow >= 0) link.target = line.slice(arrow + 4).replace(/^['"‘](.*)['"’]$/, '$1');
    if (folders.has(link.name)) link.targetIsFolder = true;
  });
  return [...entries.values()];
}

function kindOfTar(type: string | null | undefined): FileKind {
  if (type === 'file' || type === 'link' || type === 'contiguous-file') return 'file';
  if (type === 'directory') return 'folder';
  if (type === 'symlink') return 'link';
  return 'other';
}

async function listThroughArchive(docker: Docker, id: string, folder: string): Promise<FileListing> {
  const controller = new AbortController();
  const response = (await docker.getContainer(id).getArchive({ path: folder, abortSignal: controller.signal })) as NodeJS.ReadableStream;
  const extract = tar.extract();
  const entries: FileEntry[] = [];
  let root: string | undefined;
  let read = 0;
  let truncated = false;
  const started = Date.now();
  response.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (!truncated && (read > ARCHIVE_BUDGET_BYTES || Date.now() - started > ARCHIVE_BUDGET_MS)) {
      truncated = true;
      controller.abort();
      extract.destroy();
    }
  });
  response.on('error', () => extract.destroy());
  response.pipe(extract);
  try {
    for await (const entry of extract) {
      const name = entry.header.name.replace(/\/+$/, '');
      if (root === undefined) {
        root = name;
        if (entry.header.type !== 'directory') {
          entry.resume();
          throw new UserError(`${folder} is a file, not a folder.`, 'invalid-input');
        }
      } else {
        const relative = name.slice(root.length + 1);
        if (name.startsWith(root + '/') && relative && !relative.includes('/')) {
          const h = entry.header;
          entries.push({
            name: relative,
            kind: kindOfTar(h.type),
            size: h.size ?? 0,
            modified: Math.floor((h.mtime?.getTime() ?? 0) / 1000),
            mode: ((h.mode ?? 0) & 0o7777).toString(8),
            target: h.type === 'symlink' ? (h.linkname ?? undefined) : undefined,
          });
        }
      }
      entry.resume();
    }
  } catch (e) {
    if (!truncated) throw e;
  } finally {
    // The engine holds the container's lock until its archive is read or dropped: drop what is left.
    controller.abort();
  }
  return { path: folder, entries, via: 'archive', truncated: truncated || undefined };
}

/** The entries of `folder`, folders first, then by name. */
export async function listFolder(docker: Docker, id: string, folder: string): Promise<FileListing> {
  const normal = path.normalize(folder);
  const info = await docker.getContainer(id).inspect();
  let listing: FileListing | undefined;
  if (info.State.Running && !info.State.Paused) {
    const result = await execCollect(docker, id, ['sh', '-c', LIST_SCRIPT, 'sh', normal]).catch(() => undefined);
    if (result?.code === 0) {
      const entries = parseStatListing(result.stdout);
      if (!entries) throw new UserError(`There is no folder ${normal} in ${info.Name.replace(/^\//, '')}.`, 'not-found');
      listing = { path: normal, entries, via: 'exec' };
    }
  }
  listing ??= await listThroughArchive(docker, id, normal);
  const order = (e: FileEntry) => (e.kind === 'folder' || e.targetIsFolder ? 0 : 1);
  listing.entries.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name, undefined, { numeric: true }));
  return listing;
}
