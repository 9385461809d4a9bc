// The pure parts of adding a remote engine: SSH addresses and ~/.ssh/config, known_hosts as OpenSSH
// reads it (checked against ssh-keygen itself), tcp:// addresses, and the form's own checks.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRemoteAddress } from '../../engine/remote/add-engine';
import { addKnownHost, checkHostKey, fingerprint } from '../../engine/remote/known-hosts';
import { parseSshAddress, resolveSshTarget, sshAddress } from '../../engine/remote/ssh-target';
import { remoteFormProblems, suggestName } from '../../renderer/src/features/engines/remote-form';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bkh-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function newKey(name: string) {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, name)]);
  const [type, b64] = fs.readFileSync(path.join(dir, `${name}.pub`), 'utf8').split(' ');
  return { type: type!, blob: Buffer.from(b64!, 'base64') };
}

describe('SSH addresses', () => {
  it('takes ssh://user@host[:port] and refuses the rest in words', () => {
    expect(parseSshAddress('ssh://me@build:2222')).toEqual({ user: 'me', host: 'build', port: 2222 });
    expect(parseSshAddress('ssh://build')).toEqual({ user: undefined, host: 'build', port: undefined });
    expect(() => parseSshAddress('ssh://my host')).toThrow(/has a space in it/);
    expect(() => parseSshAddress('ssh://me@host:0')).toThrow(/out of range/);
    expect(() => parseSshAddress('ssh://me@host:99999')).toThrow(/out of range|not an SSH address/);
    expect(() => parseSshAddress('me@host')).toThrow(/is not an SSH address/);
    expect(() => parseSshAddress('ssh://me@host/path')).toThrow(/more than a user, a host and a port/);
  });

  it('honours Host entries of ~/.ssh/config: HostName, Port, User, IdentityFile', () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
    fs.writeFileSync(path.join(home, '.ssh', 'box-key'), 'x');
    fs.writeFileSync(path.join(home, '.ssh', 'config'), 'Host box\n  HostName 10.1.2.3\n  Port 2200\n  User builder\n  IdentityFile ~/.ssh/box-key\n\nHost *\n  User fallback\n');
    const t = resolveSshTarget('ssh://box', home, 'local');
    expect(t).toMatchObject({ alias: 'box', hostname: '10.1.2.3', port: 2200, user: 'builder', identitiesOnly: true });
    expect(t.identityFiles).toEqual([path.join(home, '.ssh', 'box-key')]);
    // What the address says wins over the config, as with ssh.
    expect(resolveSshTarget('ssh://other@box:22', home, 'local')).toMatchObject({ user: 'other', port: 22 });
    expect(resolveSshTarget('ssh://elsewhere', home, 'local')).toMatchObject({ hostname: 'elsewhere', port: 22, user: 'fallback' });
    expect(sshAddress({ user: 'me', alias: 'box', port: 2200 })).toBe('ssh://me@box:2200');
  });
});

describe('known_hosts', () => {
  it('reads what ssh-keygen writes, hashed or not, and tells unknown from changed', () => {
    const file = path.join(dir, 'known_hosts');
    const key = newKey('host1');
    const other = newKey('host2');
    expect(checkHostKey(file, '127.0.0.1', 2222, key).kind).toBe('unknown');
    addKnownHost(file, '127.0.0.1', 2222, key);
    expect(execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2222', '-f', file]).toString()).toContain(key.blob.toString('base64'));
    expect(checkHostKey(file, '127.0.0.1', 2222, key)).toEqual({ kind: 'known' });
    // Another port is another host for OpenSSH.
    expect(checkHostKey(file, '127.0.0.1', 22, key).kind).toBe('unknown');
    const changed = checkHostKey(file, '127.0.0.1', 2222, other);
    expect(changed).toMatchObject({ kind: 'changed', fingerprint: fingerprint(other.blob), line: 1 });
    execFileSync('ssh-keygen', ['-H', '-f', file]);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\|1\|/);
    expect(checkHostKey(file, '127.0.0.1', 2222, key)).toEqual({ kind: 'known' });
    expect(checkHostKey(file, '127.0.0.1', 2222, other).kind).toBe('changed');
  });

  it('prints fingerprints as ssh-keygen does', () => {
    const key = newKey('host3');
    expect(execFileSync('ssh-keygen', ['-lf', path.join(dir, 'host3.pub')]).toString()).toContain(fingerprint(key.blob));
  });
});

describe('tcp:// addresses and the form', () => {
  it('parses host and port, defaulting to 2376', () => {
    expect(parseRemoteAddress('tcp://build:2375')).toEqual({ kind: 'tcp', host: 'build', port: 2375 });
    expect(parseRemoteAddress('tcp://10.0.0.5')).toEqual({ kind: 'tcp', host: '10.0.0.5', port: 2376 });
    expect(() => parseRemoteAddress('tcp://build:70000')).toThrow(/out of range/);
    expect(() => parseRemoteAddress('http://build')).toThrow(/not an engine address Berth can add/);
    expect(() => parseRemoteAddress('tcp://bad host')).toThrow(/has a space in it/);
  });

  it('suggests a name and says what is missing before anything is sent', () => {
    expect(suggestName('ssh://me@build-box:2222')).toBe('build-box');
    expect(suggestName('tcp://10.0.0.5:2376')).toBe('10.0.0.5');
    const base = { kind: 'tls' as const, address: 'tcp://b:2376', name: 'b', tls: { ca: '', cert: 'c', key: '' }, acceptPlain: false };
    expect(remoteFormProblems(base)).toEqual({ ca: expect.any(String), key: expect.any(String) });
    expect(remoteFormProblems({ ...base, kind: 'ssh', address: 'tcp://b' }).address).toBe('This address starts with ssh://.');
    expect(remoteFormProblems({ ...base, kind: 'plain', address: 'tcp://b:2375', tls: { ca: '', cert: '', key: '' } }).acceptPlain).toMatch(/Confirm/);
    expect(remoteFormProblems({ ...base, name: 'bad name' }).name).toMatch(/letters, digits/);
    expect(remoteFormProblems({ ...base, address: 'tcp://b:0' }).address).toMatch(/out of range/);
  });
});
