// A real OpenSSH server of the test's own on 127.0.0.1, with a test user whose key is authorised and whose
// environment (~/.ssh/environment, PermitUserEnvironment) points DOCKER_HOST at an engine the test chose.
// Everything it makes (the user, its home, the server's keys and pid) goes in stop(), even after a crash
// of an earlier run (stale users named bsshNNNNNN whose server is gone are removed on start).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { alive, killSnapshot, processTree, run, sleep } from './proc';

export interface TestSshd {
  port: number;
  user: string;
  home: string;
  /** The client side: a HOME for Berth with .ssh/id_ed25519 (authorised on the server) and no known_hosts yet. */
  clientHome: string;
  clientKey: string;
  /** The server's host public key line (type base64), as ssh-keyscan would print it. */
  hostKeyLine: string;
  /** `ssh://user@127.0.0.1:port` */
  address: string;
  /** Points the test user's DOCKER_HOST at a socket (read by sshd for every new session). */
  setDockerHost(host: string): void;
  /** Lets the test user open a unix socket (owner change; its folder must be traversable). */
  grantSocket(socketPath: string): Promise<void>;
  /** Kills the server (every connection drops) and starts it again on the same port with the same keys. */
  restart(opts?: { downMs?: number }): Promise<void>;
  /** Gives the server a new host key (as after a reinstall). */
  replaceHostKey(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function must(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

async function waitListening(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd did not listen on ${port} within ${ms} ms`);
    await sleep(50);
  }
}

async function sweepStaleUsers(): Promise<void> {
  let passwd = '';
  try {
    passwd = fs.readFileSync('/etc/passwd', 'utf8');
  } catch {
    return;
  }
  for (const line of passwd.split('\n')) {
    const [name, , , , , home] = line.split(':');
    if (!name || !/^bssh[0-9a-f]{6}$/.test(name)) continue;
    const pidFile = path.join(path.dirname(home ?? ''), 'sshd.pid');
    const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim() : 0);
    if (pid && alive(pid, 'sshd')) continue;
    await run('userdel', ['-r', '-f', name]);
  }
}

export async function startTestSshd(): Promise<TestSshd> {
  if (!fs.existsSync('/usr/sbin/sshd')) throw new Error('sshd is not installed: apt-get install openssh-server');
  await sweepStaleUsers();
  const id = crypto.randomBytes(3).toString('hex');
  const user = `bssh${id}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bsshd-'));
  fs.chmodSync(dir, 0o755);
  const home = path.join(dir, 'home');
  const clientHome = path.join(dir, 'client');
  fs.mkdirSync(path.join(clientHome, '.ssh'), { recursive: true, mode: 0o700 });
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  await must('useradd', ['-m', '-d', home, '-s', '/bin/sh', user]);
  // A locked account (password "!") is refused by sshd even for key logins; "*" means no password.
  await must('usermod', ['-p', '*', user]);

  const hostKey = path.join(dir, 'host_ed25519');
  await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  const clientKey = path.join(clientHome, '.ssh', 'id_ed25519');
  await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'berth-test', '-f', clientKey]);
  const userSsh = path.join(home, '.ssh');
  fs.mkdirSync(userSsh, { recursive: true, mode: 0o700 });
  fs.copyFileSync(`${clientKey}.pub`, path.join(userSsh, 'authorized_keys'));
  fs.chmodSync(path.join(userSsh, 'authorized_keys'), 0o600);
  await must('chown', ['-R', `${user}:${user}`, userSsh]);

  const port = await freePort();
  const pidFile = path.join(dir, 'sshd.pid');
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${pidFile}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitUserEnvironment yes',
      'AllowStreamLocalForwarding yes',
      `AllowUsers ${user}`,
      'StrictModes no',
      'ClientAliveInterval 5',
      '',
    ].join('\n'),
  );

  let pid = 0;
  const start = async () => {
    const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', fs.openSync(path.join(dir, 'sshd.log'), 'a')] });
    pid = child.pid ?? 0;
    child.unref();
    await waitListening(port, 10_000);
  };
  await start();
  // sshd -D forks a process per connection, which holds that session open: a server "gone" is the
  // listener and every one of those.
  const killServer = async () => {
    killSnapshot(processTree((p) => p.pid === pid));
    for (let i = 0; i < 100 && alive(pid); i++) await sleep(20);
  };

  const hostKeyLine = () => fs.readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  return {
    port,
    user,
    home,
    clientHome,
    clientKey,
    get hostKeyLine() {
      return hostKeyLine();
    },
    address: `ssh://${user}@127.0.0.1:${port}`,
    setDockerHost(host: string) {
      const file = path.join(userSsh, 'environment');
      fs.writeFileSync(file, `DOCKER_HOST=${host}\n`);
      fs.chmodSync(file, 0o600);
      fs.chownSync(file, uidOf(user), gidOf(user));
    },
    async grantSocket(socketPath: string) {
      await must('chown', [user, socketPath]);
      fs.chmodSync(socketPath, 0o600);
    },
    async restart(opts = {}) {
      await killServer();
      if (opts.downMs) await sleep(opts.downMs);
      await start();
    },
    async replaceHostKey() {
      fs.rmSync(hostKey, { force: true });
      fs.rmSync(`${hostKey}.pub`, { force: true });
      await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
      await killServer();
      await start();
    },
    async stop() {
      await killServer();
      await run('userdel', ['-r', '-f', user]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function idField(user: string, field: 2 | 3): number {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  return Number(line?.split(':')[field] ?? -1);
}

const uidOf = (user: string) => idField(user, 2);
const gidOf = (user: string) => idField(user, 3);
