import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineCandidates } from '../../engine/providers/discovery';

const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

describe('the words Berth uses', () => {
  it('calls its own dockerd “Berth’s managed engine”, everywhere, the engine list included', () => {
    const managed = engineCandidates({ managedSocket: '/run/berth/docker.sock', env: {} }).find((c) => c.kind === 'managed');
    expect(managed?.label).toBe('Berth’s managed engine');
    const files = [...sources('renderer/src'), ...sources('engine'), ...sources('electron'), path.join(root, 'README.md')];
    const off = files.filter((f) => /Berth managed engine|Berth's managed engine/.test(fs.readFileSync(f, 'utf8')));
    expect(off.map((f) => path.relative(root, f))).toEqual([]);
  });
});
