/**
 * Large, incompressible test data made without an engine: an image pushed straight into a registry through
 * its HTTP API (one layer of random bytes), and a volume backup (.tar.gz) of random bytes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { createTar } from '../harness/tar';

const sha256 = (b: Buffer) => `sha256:${crypto.createHash('sha256').update(b).digest('hex')}`;

async function uploadBlob(base: string, repo: string, blob: Buffer): Promise<string> {
  const digest = sha256(blob);
  const started = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  if (started.status !== 202) throw new Error(`starting a blob upload: ${started.status} ${await started.text()}`);
  const location = new URL(started.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: new Uint8Array(blob), headers: { 'Content-Type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`uploading a blob: ${put.status} ${await put.text()}`);
  return digest;
}

/** Pushes `repo:tag` holding one file of `bytes` random bytes into the registry at `host` (e.g. localhost:5000). */
export async function pushRandomImage(host: string, repo: string, tag: string, bytes: number): Promise<void> {
  const base = `http://${host}`;
  const layer = createTar([{ name: 'random.bin', data: crypto.randomBytes(bytes), mode: 0o644 }]);
  const gz = zlib.gzipSync(layer, { level: 1 });
  const config = Buffer.from(
    JSON.stringify({
      architecture: process.arch === 'arm64' ? 'arm64' : 'amd64',
      os: 'linux',
      config: { Cmd: ['/random.bin'] },
      rootfs: { type: 'layers', diff_ids: [sha256(layer)] },
    }),
  );
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: await uploadBlob(base, repo, config) },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: gz.length, digest: await uploadBlob(base, repo, gz) }],
  };
  const put = await fetch(`${base}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    body: JSON.stringify(manifest),
    headers: { 'Content-Type': manifest.mediaType },
  });
  if (put.status !== 201) throw new Error(`putting the manifest: ${put.status} ${await put.text()}`);
}

/** Writes a volume backup (a .tar.gz of `./` and one file of random bytes) to `file`. */
export function writeRandomBackup(file: string, bytes: number): void {
  const tar = createTar([{ name: './random.bin', data: crypto.randomBytes(bytes), mode: 0o644 }]);
  fs.writeFileSync(file, zlib.gzipSync(tar, { level: 1 }));
}

/** Writes a `docker save` archive of one image, `tag`, whose only layer is `bytes` random bytes. */
export function writeRandomImageArchive(file: string, tag: string, bytes: number): void {
  const layer = createTar([{ name: 'random.bin', data: crypto.randomBytes(bytes), mode: 0o644 }]);
  const layerId = crypto.createHash('sha256').update(layer).digest('hex');
  const config = Buffer.from(
    JSON.stringify({
      architecture: process.arch === 'arm64' ? 'arm64' : 'amd64',
      os: 'linux',
      config: { Cmd: ['/random.bin'] },
      rootfs: { type: 'layers', diff_ids: [`sha256:${layerId}`] },
    }),
  );
  const configName = `${crypto.createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: [`${layerId}/layer.tar`] }]);
  // The layer first and the manifest last, as `docker save` writes them: a load cut short has no manifest.
  fs.writeFileSync(file, createTar([
    { name: `${layerId}/layer.tar`, data: layer, mode: 0o644 },
    { name: configName, data: config, mode: 0o644 },
    { name: 'manifest.json', data: manifest, mode: 0o644 },
  ]));
}
