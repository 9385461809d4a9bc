import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { negotiateApiVersion } from '../../engine/docker/client';
import { connectionOptions, describeConnectionError } from '../../engine/docker/endpoint';
import { currentContextName, listContexts } from '../../engine/providers/docker-config';
import { engineCandidates } from '../../engine/providers/discovery';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'berth-unit-'));
}

function writeContext(configDir: string, name: string, host: string) {
  const digest = crypto.createHash('sha256').update(name).digest('hex');
  const dir = path.join(configDir, 'contexts', 'meta', digest);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
}

describe('engine addresses', () => {
  it('turns unix, tcp, ssh and npipe addresses into client options', () => {
    expect(connectionOptions('unix:///run/user/1000/docker.sock')).toEqual({ socketPath: '/run/user/1000/docker.sock' });
    expect(connectionOptions('/var/run/docker.sock')).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(connectionOptions('tcp://10.0.0.5:2375')).toMatchObject({ host: '10.0.0.5', port: '2375', protocol: 'http' });
    expect(connectionOptions('tcp://10.0.0.5:2376')).toMatchObject({ protocol: 'https' });
    expect(connectionOptions('ssh://me@build-box:2222')).toMatchObject({ protocol: 'ssh', host: 'build-box', port: '2222', username: 'me' });
    expect(connectionOptions('npipe:////./pipe/docker_engine')).toEqual({ socketPath: '//./pipe/docker_engine' });
  });

  it('says what is wrong with an address it cannot use', () => {
    expect(() => connectionOptions('not an address')).toThrow(/is not an engine address: use unix:\/\/\/path/);
    expect(() => connectionOptions('ftp://x')).toThrow(/ftp addresses are not supported/);
    expect(() => connectionOptions('tcp://h:2376', { certPath: '/nowhere', verify: true })).toThrow(/TLS certificates for tcp:\/\/h:2376 are missing in \/nowhere/);
  });

  it('describes connection failures as something to act on', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(describeConnectionError(err('ENOENT'), 'unix:///x.sock')).toBe('Nothing is listening at /x.sock: the engine is not running.');
    expect(describeConnectionError(err('EACCES'), 'unix:///var/run/docker.sock')).toMatch(/Permission denied opening \/var\/run\/docker.sock: add your user to the group/);
    expect(describeConnectionError(err('ECONNREFUSED'), 'tcp://h:1')).toMatch(/refused the connection/);
  });

  it('negotiates the API version down to what the engine speaks', () => {
    expect(negotiateApiVersion('1.41')).toBe('1.41');
    expect(negotiateApiVersion('1.51')).toBe('1.47');
    expect(negotiateApiVersion('1.9')).toBe('1.9');
    expect(negotiateApiVersion(undefined)).toBe('1.40');
  });
});

describe('docker contexts', () => {
  it('reads the current context and every context’s endpoint from the CLI’s config', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: {}, currentContext: 'work' }));
    writeContext(dir, 'work', 'ssh://me@work-box');
    writeContext(dir, 'colima', 'unix:///Users/me/.colima/default/docker.sock');
    fs.mkdirSync(path.join(dir, 'contexts', 'meta', 'broken'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'contexts', 'meta', 'broken', 'meta.json'), '{not json');
    const env = { DOCKER_CONFIG: dir };
    expect(currentContextName(env)).toBe('work');
    expect(currentContextName({ ...env, DOCKER_CONTEXT: 'colima' })).toBe('colima');
    expect(listContexts(env)).toEqual([
      { name: 'work', host: 'ssh://me@work-box', tlsPath: undefined, skipTlsVerify: false, current: true },
      { name: 'colima', host: 'unix:///Users/me/.colima/default/docker.sock', tlsPath: undefined, skipTlsVerify: false, current: false },
    ]);
  });

  it('offers DOCKER_HOST first, then contexts, the usual sockets and the managed engine, each address once', () => {
    const dir = tempDir();
    writeContext(dir, 'same-as-env', 'unix:///tmp/env.sock');
    const list = engineCandidates({ managedSocket: '/run/berth/docker.sock', env: { DOCKER_CONFIG: dir, DOCKER_HOST: 'unix:///tmp/env.sock', XDG_RUNTIME_DIR: '/run/user/1000' } });
    expect(list.map((c) => c.id)).toEqual(
      process.platform === 'linux' ? ['docker-host', 'default', 'rootless', 'podman-rootless', 'podman', 'managed'] : expect.any(Array),
    );
    expect(list.at(-1)).toMatchObject({ kind: 'managed', host: 'unix:///run/berth/docker.sock' });
    expect(list.find((c) => c.id === 'rootless')?.host).toBe('unix:///run/user/1000/docker.sock');
  });
});
