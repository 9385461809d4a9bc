/**
 * Compose in Berth without an engine: errors made readable, arguments, files, the engine it is pointed at.
 * File problems are produced by the real docker-compose (1.29.2; `config` needs no engine); run-time failures are Compose's output as captured from real runs (v1) and the
 * wording of Compose v2, which is not installable here.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeFailure, fileProblem, lineOfPath } from '../../engine/compose/errors';
import { versionIn } from '../../engine/compose/finder';
import { actionArgs } from '../../engine/services/compose';
import { filesToOpen, projectNameOf, servicesOf } from '../../engine/compose/project-files';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-compose-unit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function composeConfig(text: string): Promise<string[]> {
  fs.writeFileSync(path.join(dir, 'compose.yaml'), text);
  return new Promise((resolve) => {
    execFile('/usr/bin/docker-compose', ['-f', 'compose.yaml', 'config'], { cwd: dir }, (_e, stdout, stderr) => resolve(`${stdout}${stderr}`.split('\n')));
  });
}

// docker-compose v1 is a Python program: a run takes seconds on a busy machine.
describe('an invalid compose file', { timeout: 30_000 }, () => {
  it('shows the file, the line and the lines around it for a YAML error', async () => {
    const lines = await composeConfig('services:\n  app:\n    image: x\n    ports:\n      - "80:80"\n   oops: true\n');
    const problem = fileProblem(lines, [path.join(dir, 'compose.yaml')], dir)!;
    expect(problem.file).toBe(path.join(dir, 'compose.yaml'));
    expect(problem.line).toBe(6);
    expect(problem.message).toMatch(new RegExp(`^${path.join(dir, 'compose.yaml')}, line 6, column \\d+: the YAML is not valid: `));
    expect(problem.excerpt?.find((l) => l.line === 6)?.text).toBe('   oops: true');
  });

  it('finds the line of an option Compose does not know', async () => {
    const lines = await composeConfig('services:\n  web:\n    image: x\n  db:\n    image: y\n    imag: z\n');
    const problem = fileProblem(lines, [path.join(dir, 'compose.yaml')], dir)!;
    expect(problem.message).toBe(`${path.join(dir, 'compose.yaml')}, line 6: not a valid Compose file: Unsupported config option for services.db: 'imag'.`);
    expect(problem.line).toBe(6);
  });

  it('reads Compose v2’s wording too', () => {
    fs.writeFileSync(path.join(dir, 'v2.yaml'), 'services:\n  web:\n    imag: x\n');
    const schema = fileProblem(['validating /x/v2.yaml: services.web Additional property imag is not allowed'.replace('/x', dir)], [], dir)!;
    expect(schema.line).toBe(3);
    const yaml = fileProblem([`failed to parse ${dir}/v2.yaml: yaml: line 2: did not find expected key`], [], dir)!;
    expect(yaml).toMatchObject({ line: 2, file: `${dir}/v2.yaml` });
  });

  it('locates nested keys and stops at the deepest one that exists', () => {
    expect(lineOfPath('a:\n  b:\n    c: 1\n', ['a', 'b', 'c'])?.line).toBe(3);
    expect(lineOfPath('a:\n  b:\n    c: 1\n', ['a', 'b', 'missing'])?.line).toBe(2);
  });
});

describe('Compose failing at run time', () => {
  it('puts the failing build step on top', () => {
    const out = [
      'Step 2/4 : RUN echo a',
      ' ---> Running in 094a36b94997',
      'Step 3/4 : RUN exit 3',
      ' ---> Running in b58b24d4f169',
      "The command '/bin/sh -c exit 3' returned a non-zero code: 3",
      "Service 'x' failed to build : Build failed",
    ];
    expect(composeFailure(out, [], dir).message).toBe("Step 3/4 failed: RUN exit 3\nBuilding x: The command '/bin/sh -c exit 3' returned a non-zero code: 3");
  });

  it('says which port is taken and by which service', () => {
    const out = [
      'Creating cmp2_x_1 ... error',
      'ERROR: for cmp2_x_1  Cannot start service x: driver failed programming external connectivity on endpoint cmp2_x_1 (2a0a): Bind for 0.0.0.0:18081 failed: port is already allocated',
      'ERROR: for x  Cannot start service x: driver failed programming external connectivity on endpoint cmp2_x_1 (2a0a): Bind for 0.0.0.0:18081 failed: port is already allocated',
      'Encountered errors while bringing up the project.',
    ];
    expect(composeFailure(out, [], dir).message).toBe('Port 18081 is already in use on the engine’s machine (service x): stop what uses it, or change the host port in the compose file.');
  });

  it('names an image that is nowhere to be found', () => {
    const offline = ['Pulling x (nosuch/image:1)...', 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host'];
    expect(composeFailure(offline, [], dir).message).toMatch(/^The image nosuch\/image:1 is not on the engine and could not be pulled: Get/);
    const denied = ['ERROR: pull access denied for nosuch/image, repository does not exist or may require \'docker login\''];
    expect(composeFailure(denied, [], dir).message).toMatch(/^The image nosuch\/image is not on the engine/);
  });

  it('falls back to Compose’s own ERROR lines', () => {
    expect(composeFailure(['Creating x ...', 'ERROR: Something odd happened'], [], dir).message).toBe('Something odd happened');
  });
});

describe('running Compose', () => {
  it('reads versions as each Compose prints them', () => {
    expect(versionIn('docker-compose version 1.29.2, build unknown')).toBe('1.29.2');
    expect(versionIn('Docker Compose version v2.29.7')).toBe('2.29.7');
    expect(versionIn('2.29.7\n')).toBe('2.29.7');
  });

  it('turns each action into Compose’s arguments', () => {
    expect(actionArgs({ action: 'scale', service: 'worker', replicas: 3 })).toEqual(['up', '-d', '--no-deps', '--no-recreate', '--scale', 'worker=3', 'worker']);
    expect(actionArgs({ action: 'down', volumes: false, images: 'none' })).toEqual(['down', '--remove-orphans']);
    expect(actionArgs({ action: 'down', volumes: true, images: 'local' })).toEqual(['down', '--remove-orphans', '--volumes', '--rmi', 'local']);
    expect(actionArgs({ action: 'recreate', services: ['web'] })).toEqual(['up', '-d', '--force-recreate', '--no-deps', 'web']);
  });

  it('opens a folder the way Compose does: its compose file, the override on top, the folder’s name', () => {
    const project = path.join(dir, 'My Shop!');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'docker-compose.yml'), 'services: {}\n');
    fs.writeFileSync(path.join(project, 'docker-compose.override.yml'), 'services: {}\n');
    expect(filesToOpen(project, [])).toEqual({
      files: [path.join(project, 'docker-compose.yml'), path.join(project, 'docker-compose.override.yml')],
      workingDir: project,
      name: 'myshop',
    });
    expect(projectNameOf('/x/_Api-2')).toBe('api-2');
  });

  it('reads services from the resolved configuration, built images named as Compose names them', () => {
    const resolved = 'services:\n  web:\n    build:\n      context: /p/web\n    ports:\n    - published: 8080\n      target: 80\n  db:\n    image: postgres\n    depends_on:\n      web:\n        condition: service_started\n';
    expect(servicesOf(resolved, 'shop', 1)).toEqual([
      { name: 'web', image: 'shop_web', imageNamed: false, build: true, profiles: [], dependsOn: [], ports: ['8080:80'] },
      { name: 'db', image: 'postgres', imageNamed: true, build: false, profiles: [], dependsOn: ['web'], ports: [] },
    ]);
    expect(servicesOf(resolved, 'shop', 2)[0]!.image).toBe('shop-web');
  });
});

describe('the engine Compose runs against', () => {
  it('is the engine in use: its socket, its TCP address with TLS files, or its SSH address', async () => {
    const { default: Docker } = await import('dockerode');
    const { composeEnvironment, engineEnvironment } = await import('../../engine/compose/engine-env');
    expect(engineEnvironment(new Docker({ socketPath: '/run/x/docker.sock' }))).toEqual({ DOCKER_HOST: 'unix:///run/x/docker.sock' });
    const tls = engineEnvironment(new Docker({ host: '10.0.0.5', port: 2376, protocol: 'https', ca: 'CA', cert: 'CERT', key: 'KEY' }));
    expect(tls).toMatchObject({ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' });
    expect(fs.readFileSync(path.join(tls.DOCKER_CERT_PATH!, 'key.pem'), 'utf8')).toBe('KEY');
    expect(fs.statSync(tls.DOCKER_CERT_PATH!).mode & 0o077).toBe(0);
    fs.rmSync(tls.DOCKER_CERT_PATH!, { recursive: true, force: true });
    expect(engineEnvironment(new Docker({ protocol: 'ssh', host: 'box', port: 22, username: 'me' } as never))).toEqual({ DOCKER_HOST: 'ssh://me@box:22' });
    // The user's own engine choice never wins over the engine Berth uses.
    const env = composeEnvironment({ DOCKER_HOST: 'unix:///a.sock' }, { DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'tcp://elsewhere:2375', PATH: '/bin' });
    expect(env).toMatchObject({ DOCKER_HOST: 'unix:///a.sock', PATH: '/bin' });
    expect(env.DOCKER_CONTEXT).toBeUndefined();
  });
});
