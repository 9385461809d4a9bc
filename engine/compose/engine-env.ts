/**
 * The environment that points a Compose process at the engine Berth is using, whichever it is: a local
 * socket, a TCP engine with TLS, or an engine over SSH. Compose reads DOCKER_HOST (and DOCKER_TLS_VERIFY,
 * DOCKER_CERT_PATH) like the docker CLI does; a DOCKER_CONTEXT of the user's shell would override them, so
 * it is removed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';

interface ModemOptions {
  socketPath?: string;
  host?: string;
  port?: string | number;
  protocol?: string;
  username?: string;
  ca?: Buffer | string;
  cert?: Buffer | string;
  key?: Buffer | string;
}

/** TLS files written once per set of certificates, in a folder only this user can read. */
const certFolders = new Map<string, string>();

function certFolder(ca: Buffer | string, cert: Buffer | string, key: Buffer | string): string {
  const id = `${String(ca).length}:${String(cert)}`;
  let dir = certFolders.get(id);
  if (dir && fs.existsSync(dir)) return dir;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-compose-tls-'));
  fs.chmodSync(dir, 0o700);
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'cert.pem'), cert, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'key.pem'), key, { mode: 0o600 });
  certFolders.set(id, dir);
  return dir;
}

/** DOCKER_HOST and friends for the engine this client talks to. */
export function engineEnvironment(docker: Docker): Record<string, string> {
  const modem = (docker as unknown as { modem: ModemOptions }).modem;
  if (modem.socketPath) {
    const socket = modem.socketPath;
    return { DOCKER_HOST: socket.startsWith('//') ? `npipe:${socket.replace(/\\/g, '/')}` : `unix://${socket}` };
  }
  if (modem.protocol === 'ssh') {
    const user = modem.username ? `${encodeURIComponent(modem.username)}@` : '';
    return { DOCKER_HOST: `ssh://${user}${modem.host}:${modem.port ?? 22}` };
  }
  const env: Record<string, string> = { DOCKER_HOST: `tcp://${modem.host}:${modem.port}` };
  if (modem.protocol === 'https' && modem.ca && modem.cert && modem.key) {
    env.DOCKER_TLS_VERIFY = '1';
    env.DOCKER_CERT_PATH = certFolder(modem.ca, modem.cert, modem.key);
  }
  return env;
}

/** The user's environment with any other engine choice taken out, and the active engine's put in. */
export function composeEnvironment(engineEnv: Record<string, string>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'COMPOSE_PROJECT_NAME', 'COMPOSE_FILE', 'COMPOSE_PROFILES']) delete env[name];
  // Plain output for a log view: no colours, no redrawn progress lines.
  return { ...env, ...engineEnv, COMPOSE_INTERACTIVE_NO_CLI: '1', NO_COLOR: '1', DOCKER_CLI_HINTS: 'false' };
}
