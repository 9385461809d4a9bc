import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import tarStream from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { contextFilter, filterArchive, packFolder, parseDockerignore } from '../../engine/docker/build-context';
import { createTar } from '../harness/tar';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-ctx-unit-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function names(stream: NodeJS.ReadableStream): Promise<string[]> {
  const found: string[] = [];
  const extract = tarStream.extract();
  extract.on('entry', (header, body, next) => {
    if (header.type === 'file') found.push(header.name.replace(/^\.\//, ''));
    body.on('end', next).resume();
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve).on('error', reject);
    stream.pipe(extract as unknown as NodeJS.WritableStream);
  });
  return found.sort();
}

const FILES = {
  Dockerfile: 'FROM scratch\n',
  '.dockerignore': '# build output\nnode_modules\n*.log\n!keep.log\nsecrets/\n**/*.tmp\nDockerfile\n',
  'src/app.js': 'app',
  'src/cache.tmp': 'tmp',
  'node_modules/x/index.js': 'dep',
  'debug.log': 'log',
  'keep.log': 'keep',
  'secrets/key': 'key',
};
const EXPECTED = ['.dockerignore', 'Dockerfile', 'keep.log', 'src/app.js'];

describe('the build context, with .dockerignore honoured as the docker CLI does', () => {
  it('reads patterns, skipping comments and blank lines', () => {
    expect(parseDockerignore('# c\n\n a \n!b\r\n')).toEqual(['a', '!b']);
  });

  it('leaves out what the rules say, keeps exceptions, and always sends the Dockerfile', () => {
    const skip = contextFilter(parseDockerignore(FILES['.dockerignore']), 'Dockerfile');
    expect(skip('node_modules', true)).toBe(true);
    expect(skip('debug.log', false)).toBe(true);
    expect(skip('keep.log', false)).toBe(false);
    expect(skip('src/deep/x.tmp', false)).toBe(true);
    expect(skip('Dockerfile', false)).toBe(false);
    // A folder with an exception inside is walked, not skipped whole.
    expect(contextFilter(['docs', '!docs/README.md'], 'Dockerfile')('docs', true)).toBe(false);
  });

  it('packs a folder without the ignored files', async () => {
    expect(await names(await packFolder(folder(FILES), 'Dockerfile'))).toEqual(EXPECTED);
  });

  it('re-packs an uploaded .tar.gz without the entries its .dockerignore leaves out', async () => {
    const dir = folder({});
    const file = path.join(dir, 'ctx.tar.gz');
    fs.writeFileSync(file, zlib.gzipSync(createTar(Object.entries(FILES).map(([name, data]) => ({ name, data })))));
    expect(await names(await filterArchive(file, 'Dockerfile'))).toEqual(EXPECTED);
  });

  it('says what is wrong with a context folder or an archive', async () => {
    await expect(packFolder('/nonexistent/berth', 'Dockerfile')).rejects.toThrow('There is no folder /nonexistent/berth on the machine Berth runs on.');
    const dir = folder({ 'app.js': '' });
    await expect(packFolder(dir, 'Dockerfile')).rejects.toThrow(`There is no Dockerfile at Dockerfile in ${dir}.`);
    const junk = path.join(dir, 'junk.tar');
    fs.writeFileSync(junk, 'not a tar file at all'.repeat(50));
    await expect(filterArchive(junk, 'Dockerfile')).rejects.toThrow(/not a tar archive/);
  });
});
