import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const guard = `const { reportStrayFailures } = await import(${JSON.stringify(path.resolve('engine/stray-failures.ts'))}); reportStrayFailures();`;
const script = (install: boolean) => `
  ${install ? guard : ''}
  Promise.reject(new Error('nobody waits for this'));
  await new Promise((r) => setTimeout(r, 50));
  console.log('still running');
`;

function run(install: boolean) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-stray-')), 'backend.mts');
  fs.writeFileSync(file, script(install));
  try {
    return spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 30_000 });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

describe('a promise that fails with nothing waiting for it', () => {
  it('ends a plain Node process (what the backend is guarded against)', () => {
    const result = run(false);
    expect(result.status).not.toBe(0);
    expect(result.stdout).not.toContain('still running');
  });

  it('is logged with its error, and the backend goes on', () => {
    const result = run(true);
    expect(result.status, result.stderr.slice(0, 3000)).toBe(0);
    expect(result.stdout).toContain('still running');
    expect(result.stderr).toContain('a background operation failed with nothing waiting for it');
    expect(result.stderr).toContain('nobody waits for this');
  });
});
