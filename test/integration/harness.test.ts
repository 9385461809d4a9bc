// Self-test of the test harness: the shared private engine, the busybox image, the CLI, a registry.
import crypto from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BUSYBOX_IMAGE, restartSharedEngine, testEngine } from '../harness/context';
import { freePort, startRegistry } from '../harness/registry';

const engine = testEngine();
const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(4).toString('hex')}`;

async function createContainer(body: object): Promise<string> {
  const name = unique('berth-harness');
  const res = await engine.request('POST', `/containers/create?name=${name}`, body);
  expect(res.status, res.text).toBe(201);
  removeWhenDone(res.json.Id);
  return res.json.Id as string;
}

// Running containers left behind would each add 10 s to an engine restart.
function removeWhenDone(id: string): void {
  onTestFinished(async () => {
    await engine.request('DELETE', `/containers/${id}?force=1`);
  });
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms = 15000): Promise<T> {
  const deadline = Date.now() + ms;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

describe('test harness', () => {
  it('talks to a private engine, not the default socket', async () => {
    expect(engine.socketPath).not.toBe('/var/run/docker.sock');
    const ping = await engine.request('GET', '/_ping');
    expect(ping.status).toBe(200);
    expect(ping.text).toBe('OK');
    const version = await engine.request('GET', '/version');
    expect(version.json.ApiVersion).toMatch(/^1\.\d+$/);
  });

  it('has the busybox test image', async () => {
    const res = await engine.request('GET', `/images/${encodeURIComponent(BUSYBOX_IMAGE)}/json`);
    expect(res.status).toBe(200);
    expect(res.json.Config.Cmd).toEqual(['/bin/sh']);
  });

  it('runs a container through the API and reads its logs', async () => {
    const id = await createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['sh', '-c', 'echo hello'] });
    expect((await engine.request('POST', `/containers/${id}/start`)).status).toBe(204);
    const wait = await engine.request('POST', `/containers/${id}/wait`);
    expect(wait.json.StatusCode).toBe(0);
    const logs = await engine.request('GET', `/containers/${id}/logs?stdout=1&stderr=1`);
    expect(logs.text).toContain('hello');
  });

  it('publishes a port that the host can reach', async (ctx) => {
    const bridge = await engine.request('GET', '/networks/bridge');
    if (bridge.status !== 200) ctx.skip(); // engine fell back to --bridge=none
    const port = await freePort();
    const id = await createContainer({
      Image: BUSYBOX_IMAGE,
      Cmd: ['sh', '-c', 'mkdir /www && echo hi-from-httpd > /www/index.html && exec httpd -f -p 8080 -h /www'],
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
    });
    expect((await engine.request('POST', `/containers/${id}/start`)).status).toBe(204);
    const body = await waitFor('httpd', async () => {
      // A bounded attempt: a connection that is accepted but never answered must not stall the wait.
      const res = await fetch(`http://127.0.0.1:${port}/index.html`, { signal: AbortSignal.timeout(2000) });
      return res.ok ? res.text() : undefined;
    });
    expect(body.trim()).toBe('hi-from-httpd');
  });

  it('creates a container with the docker CLI that the API then lists', async () => {
    const name = unique('berth-cli');
    const res = await engine.docker(['create', '--name', name, BUSYBOX_IMAGE, 'true']);
    expect(res.code, res.stderr).toBe(0);
    removeWhenDone(res.stdout.trim());
    const list = await engine.request('GET', '/containers/json?all=1');
    expect(list.json.map((c: { Names: string[] }) => c.Names[0])).toContain(`/${name}`);
  });

  it('pushes to and pulls from a registry with sign-in', async () => {
    const registry = await startRegistry({ htpasswd: { user: 'tester', password: 's3cret' } });
    try {
      const ref = `${registry.host}/${unique('harness')}:v1`;
      const denied = await engine.docker(['login', '-u', 'tester', '--password-stdin', registry.host], { input: 'wrong' });
      expect(denied.code).not.toBe(0);
      const login = await engine.docker(['login', '-u', 'tester', '--password-stdin', registry.host], { input: 's3cret' });
      expect(login.code, login.stderr).toBe(0);
      expect((await engine.docker(['tag', BUSYBOX_IMAGE, ref])).code).toBe(0);
      const push = await engine.docker(['push', ref]);
      expect(push.code, push.stderr).toBe(0);
      expect((await engine.docker(['rmi', ref])).code).toBe(0);
      const pull = await engine.docker(['pull', ref]);
      expect(pull.code, pull.stderr).toBe(0);
      await engine.docker(['rmi', ref]);
      await engine.docker(['logout', registry.host]);
    } finally {
      await registry.stop();
    }
  });

  it('restarts the shared engine and keeps its data', async () => {
    const id = await createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['true'] });
    await restartSharedEngine();
    expect((await engine.request('GET', '/_ping')).text).toBe('OK');
    expect((await engine.request('GET', `/containers/${id}/json`)).status).toBe(200);
  });
});
