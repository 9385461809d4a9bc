import { describe, expect, it } from 'vitest';
import { transferProgress } from '../../renderer/src/components/transfer-progress';

describe('the progress of a volume transfer', () => {
  it('counts towards the expected size, never reaching 100% before the end', () => {
    expect(transferProgress('copied', { bytes: 12_000_000, total: 30_000_000 })).toEqual({ fraction: 0.4, text: '12.0 MB copied of about 30.0 MB · 40%' });
    expect(transferProgress('copied', { bytes: 30_000_000, total: 30_000_000 }).fraction).toBe(0.99);
  });

  it('drops an estimate that more than was expected has already passed (not "3.71 kB copied of about 42 B")', () => {
    expect(transferProgress('copied', { bytes: 3710, total: 42 })).toEqual({ text: '3.71 kB copied' });
  });
});
