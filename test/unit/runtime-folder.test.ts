// Issue 17 §1: the runtime folder in a shared place is made exclusively and checked without following links.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePrivateDir } from '../../engine/paths';

const base = () => fs.mkdtempSync(path.join(os.tmpdir(), 'berth-rt-'));

describe('the runtime folder', () => {
  it('is made 0700 when it does not exist', () => {
    const dir = path.join(base(), 'berth-1000');
    ensurePrivateDir(dir);
    expect(fs.lstatSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuses a folder other users can open', () => {
    const dir = path.join(base(), 'berth-1000');
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(dir, 0o777);
    expect(() => ensurePrivateDir(dir)).toThrow(/will not use .* other users can open it \(mode 777\)\. .*Remove it/);
  });

  it('refuses a symbolic link, even to a private folder', () => {
    const root = base();
    const target = path.join(root, 'elsewhere');
    fs.mkdirSync(target, { mode: 0o700 });
    const dir = path.join(root, 'berth-1000');
    fs.symlinkSync(target, dir);
    expect(() => ensurePrivateDir(dir)).toThrow(/it is a symbolic link/);
  });

  it('refuses a folder that belongs to another user', ({ skip }) => {
    if (process.getuid?.() !== 0) skip('only root can make a folder for another user');
    const dir = path.join(base(), 'berth-1000');
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.chownSync(dir, 4242, 4242);
    expect(() => ensurePrivateDir(dir)).toThrow(/belongs to another user \(uid 4242\)/);
  });
});
