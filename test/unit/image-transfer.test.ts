import { describe, expect, it } from 'vitest';
import { TransferProgress } from '../../engine/docker/image-transfer';
import { EngineStreamError, jsonLines } from '../../engine/docker/json-lines';
import { paced } from '../../engine/docker/paced';

async function* chunks(...parts: string[]) {
  for (const p of parts) yield Buffer.from(p);
}

describe('following a pull from the engine’s progress lines', () => {
  it('tracks each layer through download and extraction, and the overall fraction', () => {
    const p = new TransferProgress();
    p.apply({ status: 'Pulling from library/app', id: '1' });
    p.apply({ status: 'Already exists', id: 'aaa' });
    p.apply({ status: 'Pulling fs layer', id: 'bbb' });
    expect(p.snapshot()).toMatchObject({ fraction: 0.5, status: 'Pulling from library/app', bytesTotal: 0 });
    p.apply({ status: 'Downloading', id: 'bbb', progressDetail: { current: 250, total: 1000 } });
    expect(p.snapshot()).toMatchObject({ fraction: (1 + 0.125) / 2, bytesDone: 250, bytesTotal: 1000 });
    p.apply({ status: 'Download complete', id: 'bbb', progressDetail: {} });
    p.apply({ status: 'Extracting', id: 'bbb', progressDetail: { current: 500, total: 1000 } });
    expect(p.snapshot()).toMatchObject({ fraction: (1 + 0.75) / 2, bytesDone: 1000 });
    p.apply({ status: 'Pull complete', id: 'bbb', progressDetail: {} });
    p.apply({ status: `Digest: sha256:${'d'.repeat(64)}` });
    p.apply({ status: 'Status: Downloaded newer image for app:1' });
    const last = p.snapshot();
    expect(last.layers.map((l) => l.phase)).toEqual(['exists', 'done']);
    expect(last).toMatchObject({ fraction: 1, bytesDone: 1000, bytesTotal: 1000 });
    expect(p.digest).toBe(`sha256:${'d'.repeat(64)}`);
    expect(p.outcome).toBe('Downloaded newer image for app:1');
  });

  it('reads a push, whose byte counts may pass the total, and its digest', () => {
    const p = new TransferProgress();
    p.apply({ status: 'Preparing', id: 'aaa', progressDetail: {} });
    p.apply({ status: 'Pushing', id: 'aaa', progressDetail: { current: 138752, total: 3216 } });
    expect(p.snapshot()).toMatchObject({ fraction: 1, bytesDone: 3216, bytesTotal: 3216 });
    p.apply({ status: 'Mounted from library/busybox', id: 'bbb' });
    p.apply({ aux: { Tag: '1', Digest: `sha256:${'e'.repeat(64)}`, Size: 527 } });
    expect(p.snapshot().layers[1]).toMatchObject({ phase: 'exists', status: 'Mounted from library/busybox' });
    expect(p.digest).toBe(`sha256:${'e'.repeat(64)}`);
  });

  it('reads JSON lines split anywhere, and turns an error line into an engine error', async () => {
    const lines = [];
    for await (const line of jsonLines(chunks('{"status":"a"}\n{"sta', 'tus":"b"}\n\n{"status":"c"}'))) lines.push(line.status);
    expect(lines).toEqual(['a', 'b', 'c']);
    const failing = jsonLines(chunks('{"status":"a"}\n{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}\n'));
    await expect((async () => { for await (const _ of failing); })()).rejects.toBeInstanceOf(EngineStreamError);
  });

  it('sends a burst of progress as a few snapshots, always including the last state', async () => {
    async function* burst() {
      for (let i = 1; i <= 1000; i++) yield i;
    }
    let state = 0;
    const seen: number[] = [];
    for await (const s of paced(burst(), (n) => (state = n), () => state, 50)) seen.push(s);
    expect(seen.length).toBeLessThan(10);
    expect(seen.at(-1)).toBe(1000);
  });
});
