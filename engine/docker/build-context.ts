/**
 * The build context sent to the engine, with `.dockerignore` honoured as the docker CLI honours it: from a
 * folder on this machine (packed with tar-fs), or from an archive the user uploaded (re-packed without the
 * ignored entries). The Dockerfile and .dockerignore themselves always go, as with the CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import ignore from '@balena/dockerignore';
import tarFs from 'tar-fs';
import tarStream from 'tar-stream';
import { UserError } from '../contract/errors';

/** The rules of a .dockerignore file: one pattern a line, `#` comments, `!` exceptions. */
export function parseDockerignore(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/**
 * Decides for a path relative to the context (forward slashes) whether it stays out. A folder is skipped
 * whole only when no exception could bring back something inside it.
 */
export function contextFilter(patterns: string[], dockerfile: string): (relative: string, isDirectory: boolean) => boolean {
  const rules = ignore().add(patterns);
  const exceptions = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1).replace(/^\/+/, ''));
  const always = new Set([dockerfile.replace(/^\.\//, ''), '.dockerignore']);
  return (relative, isDirectory) => {
    if (!relative || always.has(relative) || !rules.ignores(relative)) return false;
    if (!isDirectory) return true;
    return !exceptions.some((e) => e.startsWith(`${relative}/`) || /^[*?[]/.test(e));
  };
}

async function readIgnoreFile(file: string): Promise<string[]> {
  try {
    return parseDockerignore(await fs.promises.readFile(file, 'utf8'));
  } catch {
    return [];
  }
}

/** Checks a context folder and its Dockerfile, in words the user can act on. */
export async function checkContextFolder(dir: string, dockerfile: string): Promise<void> {
  const stat = await fs.promises.stat(dir).catch(() => undefined);
  if (!stat) throw new UserError(`There is no folder ${dir} on the machine Berth runs on.`, 'not-found');
  if (!stat.isDirectory()) throw new UserError(`${dir} is a file: the build context is the folder that holds the Dockerfile and what it copies.`, 'invalid-input');
  const file = path.join(dir, dockerfile);
  if (!(await fs.promises.stat(file).catch(() => undefined))?.isFile()) {
    throw new UserError(`There is no Dockerfile at ${dockerfile} in ${dir}.`, 'not-found');
  }
}

/** The folder as a tar stream, without what .dockerignore leaves out. */
export async function packFolder(dir: string, dockerfile: string): Promise<Readable> {
  await checkContextFolder(dir, dockerfile);
  const skip = contextFilter(await readIgnoreFile(path.join(dir, '.dockerignore')), dockerfile);
  // tar-fs and tar-stream make streamx streams; the engine client expects a Node stream.
  const pack = tarFs.pack(dir, {
    ignore: (name) => {
      const relative = path.relative(dir, name).split(path.sep).join('/');
      let isDirectory = false;
      try {
        isDirectory = fs.lstatSync(name).isDirectory();
      } catch {
        return true; // gone since it was listed
      }
      return skip(relative, isDirectory);
    },
  });
  return Readable.from(pack);
}

/** The archive's entries as a plain tar stream, gunzipped when it is gzipped. */
async function openArchive(file: string): Promise<Readable> {
  const handle = await fs.promises.open(file, 'r');
  const magic = Buffer.alloc(6);
  await handle.read(magic, 0, 6, 0);
  await handle.close();
  const raw = fs.createReadStream(file);
  if (magic[0] === 0x1f && magic[1] === 0x8b) return raw.pipe(zlib.createGunzip());
  if (magic.subarray(0, 3).toString('latin1') === 'BZh' || magic.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) {
    raw.destroy();
    throw new UserError('Berth reads build contexts as .tar or .tar.gz archives: repack this one as a .tar.gz.', 'not-supported');
  }
  return raw;
}

const entryName = (header: tarStream.Header) => header.name.replace(/^\.?\/+/, '').replace(/\/+$/, '');

/** Reads the .dockerignore at the archive's root, if it has one. */
async function ignoreRulesInArchive(file: string): Promise<string[]> {
  let rules: string[] = [];
  const extract = tarStream.extract();
  extract.on('entry', (header, stream, next) => {
    if (entryName(header) !== '.dockerignore') {
      stream.on('end', next).resume();
      return;
    }
    const parts: Buffer[] = [];
    stream.on('data', (d: unknown) => parts.push(d as Buffer));
    stream.on('end', () => {
      rules = parseDockerignore(Buffer.concat(parts).toString('utf8'));
      next();
    });
  });
  try {
    await pipeline(await openArchive(file), extract);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError('The uploaded file is not a tar archive (or it is damaged): upload the build context as a .tar or .tar.gz file.', 'invalid-input');
  }
  return rules;
}

/** The uploaded archive as a tar stream without the entries its .dockerignore leaves out. */
export async function filterArchive(file: string, dockerfile: string): Promise<Readable> {
  const skip = contextFilter(await ignoreRulesInArchive(file), dockerfile);
  const skippedFolders: string[] = [];
  const extract = tarStream.extract();
  const pack = tarStream.pack();
  extract.on('entry', (header, stream, next) => {
    const name = entryName(header);
    const isDirectory = header.type === 'directory';
    const inSkipped = skippedFolders.some((f) => name.startsWith(`${f}/`));
    if (inSkipped || skip(name, isDirectory)) {
      if (isDirectory && !inSkipped) skippedFolders.push(name);
      stream.on('end', next).resume();
      return;
    }
    stream.pipe(pack.entry(header, (e) => next(e ?? undefined)));
  });
  extract.on('finish', () => pack.finalize());
  extract.on('error', (e) => pack.destroy(e));
  void pipeline(await openArchive(file), extract).catch((e: unknown) => pack.destroy(e as Error));
  return Readable.from(pack);
}
