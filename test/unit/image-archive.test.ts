import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveName, saveToFile } from '../../engine/docker/image-archive';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-archive-unit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** 8 MB, then nothing more until destroyed: an engine still writing the archive. */
function endlessArchive(): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent < 8) {
        sent++;
        this.push(Buffer.alloc(1024 * 1024, 1));
      }
    },
  });
}

describe('saving an image archive to a file', () => {
  it('writes through a .part file and leaves nothing behind when cancelled half-way', async () => {
    const file = path.join(dir, 'cancelled.tar');
    const save = saveToFile(endlessArchive(), file, 100 * 1024 * 1024, new AbortController().signal);
    const first = await save.next();
    expect(first.value).toMatchObject({ type: 'progress', bytes: expect.any(Number) });
    expect(fs.existsSync(`${file}.part`)).toBe(true);
    await save.return(undefined);
    expect(fs.existsSync(`${file}.part`)).toBe(false);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('renames the finished archive into place', async () => {
    const file = path.join(dir, 'done.tar');
    const events = [];
    for await (const e of saveToFile(Readable.from([Buffer.from('archive')]), file, 7, new AbortController().signal)) events.push(e);
    expect(events).toEqual([{ type: 'done', bytes: 7, fileName: 'done.tar', path: file }]);
    expect(fs.readFileSync(file, 'utf8')).toBe('archive');
  });

  it('offers a file name made from the image name', () => {
    expect(archiveName(['localhost:5000/team/app:1.2'])).toBe('localhost-5000-team-app-1.2.tar');
    expect(archiveName(['nginx:1', 'redis:7'])).toBe('nginx-1-and-1-more.tar');
  });
});
