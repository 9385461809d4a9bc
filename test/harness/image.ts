// Builds a tiny test image from the host's static busybox, so tests need no registry or network.
import fs from 'node:fs';
import type { EngineClient } from './engine';
import { rawRequest } from './engine';
import { createTar } from './tar';

export const BUSYBOX_IMAGE = 'berth-test/busybox:latest';

const DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox","--install","-s","/bin"]
CMD ["/bin/sh"]
`;

export async function buildBusyboxImage(engine: Pick<EngineClient, 'socketPath' | 'request'>, tag = BUSYBOX_IMAGE): Promise<string> {
  const busyboxPath = process.env.BERTH_TEST_BUSYBOX ?? '/bin/busybox';
  let busybox: Buffer;
  try {
    busybox = fs.readFileSync(busyboxPath);
  } catch {
    throw new Error(`${busyboxPath} not found: install busybox-static (a static busybox is needed in a FROM scratch image)`);
  }
  const context = createTar([
    { name: 'Dockerfile', data: DOCKERFILE, mode: 0o644 },
    { name: 'busybox', data: busybox, mode: 0o755 },
  ]);
  const res = await rawRequest(engine.socketPath, 'POST', `/build?t=${encodeURIComponent(tag)}&rm=1&forcerm=1`, {
    body: context,
    headers: { 'Content-Type': 'application/x-tar' },
  });
  const output = res.body.toString('utf8');
  if (res.status !== 200) throw new Error(`POST /build failed with ${res.status}: ${output}`);

  // A failed build still answers 200; the error arrives as a JSON line in the stream.
  const log: string[] = [];
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    let msg: { stream?: string; error?: string; errorDetail?: { message?: string } };
    try {
      msg = JSON.parse(line);
    } catch {
      continue;
    }
    if (msg.stream) log.push(msg.stream);
    if (msg.error || msg.errorDetail) {
      throw new Error(`building ${tag} failed: ${msg.errorDetail?.message ?? msg.error}\n${log.join('')}`);
    }
  }

  const inspect = await engine.request('GET', `/images/${encodeURIComponent(tag)}/json`);
  if (inspect.status !== 200) throw new Error(`built ${tag} but cannot inspect it (${inspect.status}): ${inspect.text}\n${log.join('')}`);
  return inspect.json.Id as string;
}
