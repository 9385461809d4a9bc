// A real registry (Debian's docker-registry, distribution 2.8) on loopback for push/pull/login tests.
// Engines treat localhost registries as insecure by default, so no TLS is needed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { alive, run, sleep, tailFile, terminate } from './proc';

export interface TestRegistry {
  host: string;
  port: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function probe(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/v2/', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

export async function startRegistry(opts: { htpasswd?: { user: string; password: string } } = {}): Promise<TestRegistry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bh-reg-'));
  const log = path.join(dir, 'registry.log');
  const config = path.join(dir, 'config.yml');
  try {
    let auth: object | undefined;
    if (opts.htpasswd) {
      const { user, password } = opts.htpasswd;
      const r = await run('htpasswd', ['-Bbn', user, password]);
      if (r.code !== 0) throw new Error(`htpasswd failed (install apache2-utils): ${r.stderr}`);
      fs.writeFileSync(path.join(dir, 'htpasswd'), r.stdout.trim() + '\n');
      auth = { htpasswd: { realm: 'berth-test', path: path.join(dir, 'htpasswd') } };
    }

    // The chosen port can be taken before the registry binds it; then try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      // JSON is valid YAML and spares us quoting rules.
      const cfg = {
        version: '0.1',
        log: { level: 'info' },
        storage: { filesystem: { rootdirectory: path.join(dir, 'data') }, delete: { enabled: true } },
        http: { addr: `127.0.0.1:${port}` },
        ...(auth ? { auth } : {}),
      };
      fs.writeFileSync(config, JSON.stringify(cfg, null, 2));
      const pid = spawnRegistry(config, log);
      const deadline = Date.now() + 15000;
      let status = 0;
      while (alive(pid) && Date.now() < deadline) {
        status = await probe(port);
        if (status === 200 || status === 401) break;
        await sleep(100);
      }
      if (status === 200 || status === 401) {
        let stopped: Promise<void> | null = null;
        const stop = async () => {
          await terminate(pid, config, 5000);
          fs.rmSync(dir, { recursive: true, force: true });
        };
        return { host: `localhost:${port}`, port, stop: () => (stopped ??= stop()) };
      }
      await terminate(pid, config, 2000);
      if (attempt >= 3) throw new Error(`docker-registry did not answer GET /v2/ on port ${port}:\n${tailFile(log)}`);
    }
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function spawnRegistry(config: string, logFile: string): number {
  const fd = fs.openSync(logFile, 'a');
  try {
    // REGISTRY_* variables override the config file.
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('REGISTRY_')) delete env[k];
    const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', fd, fd], env });
    child.on('error', () => {});
    child.unref();
    if (!child.pid) throw new Error('cannot start docker-registry (apt-get install docker-registry)');
    return child.pid;
  } finally {
    fs.closeSync(fd);
  }
}
