import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EncryptedFileCredentialStore } from '../../engine/registry/credential-store';
import { dockerCliCredential, dockerCliLogins, registryKey, serverAddress } from '../../engine/registry/docker-credentials';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cred-unit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A stand-in for the OS keychain's cipher: reversible, and visibly not plain text. */
const cipher = {
  encryptString: (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('registry credentials', () => {
  it('keeps Berth’s logins only encrypted on disk, private to the user', async () => {
    const file = path.join(dir, 'logins.bin');
    const store = new EncryptedFileCredentialStore(file, cipher);
    await Promise.all([store.set('ghcr.io', { username: 'me', secret: 'hunter2-secret' }), store.set('localhost:5000', { username: 'ci', secret: 'pw' })]);
    expect(await store.list()).toEqual([
      { registry: 'ghcr.io', username: 'me' },
      { registry: 'localhost:5000', username: 'ci' },
    ]);
    expect(fs.readFileSync(file).includes('hunter2-secret')).toBe(false);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(await new EncryptedFileCredentialStore(file, cipher).get('ghcr.io')).toEqual({ username: 'me', secret: 'hunter2-secret' });
    await store.delete('ghcr.io');
    expect((await store.list()).map((l) => l.registry)).toEqual(['localhost:5000']);
  });

  it('treats logins it cannot decrypt as absent rather than failing', async () => {
    const file = path.join(dir, 'other-user.bin');
    fs.writeFileSync(file, 'garbage');
    expect(await new EncryptedFileCredentialStore(file, cipher).list()).toEqual([]);
  });

  it('names registries the way the docker CLI keys them', () => {
    expect(registryKey('https://index.docker.io/v1/')).toBe('docker.io');
    expect(registryKey('registry-1.docker.io')).toBe('docker.io');
    expect(registryKey('https://ghcr.io')).toBe('ghcr.io');
    expect(registryKey('localhost:5000')).toBe('localhost:5000');
    expect(serverAddress('docker.io')).toBe('https://index.docker.io/v1/');
  });

  it('reads logins from config.json auths, including identity tokens', async () => {
    const config = {
      auths: {
        'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubpass').toString('base64') },
        'registry.example.com': { identitytoken: 'tok' },
      },
    };
    expect(await dockerCliCredential('docker.io', config)).toEqual({ username: 'hubuser', secret: 'hubpass' });
    expect(await dockerCliCredential('registry.example.com', config)).toEqual({ username: '', secret: 'tok', identityToken: true });
    expect(await dockerCliCredential('ghcr.io', config)).toBeUndefined();
    expect(await dockerCliLogins(config)).toEqual([{ registry: 'docker.io', username: 'hubuser' }, { registry: 'registry.example.com' }]);
  });
});
