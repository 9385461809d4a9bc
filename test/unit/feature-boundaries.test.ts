// The feature boundary is a lint rule: a cross-feature import not listed with a reason fails lint.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'berth/feature-boundaries').map((m) => m.message);
}

describe('feature boundaries', () => {
  it('refuses an import from another feature that is not listed', async () => {
    const found = await problems('renderer/src/features/networks/probe.ts', "import { readPage } from '../container-logs/api';\nexport const x = readPage;\n");
    expect(found).toEqual([expect.stringContaining('networks imports container-logs/api from another feature')]);
  });

  it('allows shared folders, listed services and listed composition', async () => {
    const code = [
      "import { formatBytes } from '../../components/format';",
      "import { useEngineRunning } from '../engines/api';",
      "import { ContainerLogs } from '../container-logs/ContainerLogs';",
      'export const x = [formatBytes, useEngineRunning, ContainerLogs];',
    ].join('\n');
    expect(await problems('renderer/src/features/container-details/probe.ts', code)).toEqual([]);
  });

  it('refuses composition listed for another feature', async () => {
    const found = await problems('renderer/src/features/volumes/probe.ts', "import { ContainerLogs } from '../container-logs/ContainerLogs';\nexport const x = ContainerLogs;\n");
    expect(found).toHaveLength(1);
  });
});
