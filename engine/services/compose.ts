/**
 * Compose projects: the contract of engine/contract/compose.ts, implemented by running the Compose
 * installed on the machine against the engine in use. Projects come from files the user opened (and
 * Berth remembers) and from the labels of containers on the engine, so a project started in a terminal
 * is the same project here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { composeAction, composeMethods, composeStreams } from '../contract/compose';
import type { ComposeEvent, ComposeProject, ComposeProjectSummary, ComposeTool } from '../contract/compose-types';
import { UserError } from '../contract/errors';
import { projectsOnEngine } from '../compose/discovery';
import { planDown } from '../compose/down-plan';
import { composeEnvironment, engineEnvironment } from '../compose/engine-env';
import { composeFailure } from '../compose/errors';
import { chooseCompose, findComposes, INSTALL_HINT } from '../compose/finder';
import type { ComposeCommand } from '../compose/finder';
import { globalOptions, runCompose } from '../compose/process';
import type { ProjectOptions } from '../compose/process';
import { filesToOpen, profilesIn, servicesOf } from '../compose/project-files';
import { RememberedProjects } from '../compose/remembered';
import { berthPaths } from '../paths';
import { Channel } from '../rpc/channel';
import type { EngineAccess, MethodHandlersFor, StreamHandlersFor } from './engine-access';

type Action = z.output<typeof composeAction>;

/** Output reaches the UI in batches at most this often; Compose can print hundreds of lines a second. */
const OUTPUT_BATCH_MS = 100;
const STEP_LINE = /^(Step \d+\/\d+ : .*|(?:Building|Pulling|Creating|Recreating|Starting|Stopping|Restarting|Removing|Killing) \S.*)$/;

function exists(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

const done: Record<Action['action'], (name: string) => string> = {
  up: (n) => `${n} is up.`,
  start: (n) => `Started ${n}.`,
  stop: (n) => `Stopped ${n}.`,
  restart: (n) => `Restarted ${n}.`,
  pull: (n) => `Pulled the images of ${n}.`,
  build: (n) => `Built the images of ${n}.`,
  recreate: (n) => `Recreated the containers of ${n}.`,
  scale: (n) => `Scaled ${n}.`,
  down: (n) => `${n} is down.`,
};

/** Compose's arguments for an action, after the global options. */
export function actionArgs(command: Action): string[] {
  switch (command.action) {
    case 'up':
      return ['up', '-d', ...(command.build ? ['--build'] : []), ...(command.forceRecreate ? ['--force-recreate'] : []), ...command.services];
    case 'start':
    case 'stop':
    case 'restart':
    case 'pull':
    case 'build':
      return [command.action, ...command.services];
    case 'recreate':
      return ['up', '-d', '--force-recreate', '--no-deps', ...command.services];
    case 'scale':
      return ['up', '-d', '--no-deps', '--no-recreate', '--scale', `${command.service}=${command.replicas}`, command.service];
    case 'down':
      return ['down', '--remove-orphans', ...(command.volumes ? ['--volumes'] : []), ...(command.images !== 'none' ? ['--rmi', command.images] : [])];
  }
}

export class ComposeProjects {
  private readonly remembered: RememberedProjects;
  private found: Promise<ComposeCommand[]> | undefined;

  constructor(
    private readonly engine: EngineAccess,
    dataDir = berthPaths().data,
  ) {
    this.remembered = new RememberedProjects(dataDir);
  }

  /** Looks for Compose again (the page was opened: something may have been installed since). */
  async tool(): Promise<ComposeTool> {
    this.found = findComposes();
    return chooseCompose(await this.found, this.remembered.command).tool;
  }

  async choose(command: string | null): Promise<ComposeTool> {
    const found = await (this.found ??= findComposes());
    if (command && !found.some((c) => c.command === command)) throw new UserError(`${command} is not among the Compose versions found on this machine.`, 'not-found');
    await this.remembered.choose(command ?? undefined);
    return chooseCompose(found, this.remembered.command).tool;
  }

  private async compose(): Promise<ComposeCommand> {
    const { chosen } = chooseCompose(await (this.found ??= findComposes()), this.remembered.command);
    if (!chosen) throw new UserError(INSTALL_HINT, 'not-installed');
    return chosen;
  }

  async projects(): Promise<ComposeProjectSummary[]> {
    const onEngine = await this.engine.engineCall((d) => projectsOnEngine(d)).catch(() => []);
    const list: ComposeProjectSummary[] = this.remembered.recent.map((r) => {
      const live = onEngine.find((p) => p.name === r.name);
      return { name: r.name, files: r.files, workingDir: r.workingDir, remembered: true, containers: live?.containers ?? 0, running: live?.running ?? 0 };
    });
    for (const p of onEngine) {
      if (!list.some((l) => l.name === p.name)) list.push({ name: p.name, files: p.files, workingDir: p.workingDir, remembered: false, containers: p.containers, running: p.running });
    }
    return list;
  }

  /** Where a project's files are: remembered, or from its containers' labels. */
  private async options(name: string): Promise<ProjectOptions> {
    const r = this.remembered.find(name);
    if (r) return r;
    const found = (await this.engine.engineCall((d) => projectsOnEngine(d))).find((p) => p.name === name);
    if (!found) throw new UserError(`There is no Compose project “${name}” on this engine, and Berth has not opened one by that name.`, 'not-found');
    if (!found.files.length) throw new UserError(`The containers of ${name} do not say which compose files made them: open the project’s file in Berth.`, 'not-found');
    return { name, files: found.files, workingDir: found.workingDir ?? path.dirname(found.files[0]!), envFiles: found.envFiles.filter(exists), profiles: [] };
  }

  private async environment(): Promise<NodeJS.ProcessEnv> {
    return composeEnvironment(await this.engine.engineCall(async (d) => engineEnvironment(d)));
  }

  async open(input: { path: string; moreFiles: string[]; envFiles: string[]; profiles: string[] }): Promise<{ name: string }> {
    const opened = filesToOpen(input.path, input.moreFiles);
    const envFiles = input.envFiles.map((e) => path.resolve(opened.workingDir, e));
    for (const e of envFiles) if (!exists(e)) throw new UserError(`There is no env file ${e} on the machine Berth runs on.`, 'not-found');
    const options = { ...opened, envFiles, profiles: input.profiles };
    // Compose checks the files first: a project Berth cannot read is not remembered.
    const project = await this.describe(options);
    if (project.problem) throw new UserError(project.problem.message, 'invalid-input');
    await this.remembered.remember(options);
    return { name: opened.name };
  }

  async setProfiles(name: string, profiles: string[]): Promise<ComposeProject> {
    const options = { ...(await this.options(name)), profiles };
    await this.remembered.remember(options);
    return this.describe(options);
  }

  async project(name: string): Promise<ComposeProject> {
    return this.describe(await this.options(name));
  }

  forget(name: string): Promise<void> {
    return this.remembered.forget(name);
  }

  /** The project as Compose resolves it (`config`), beside the files as written. */
  private async describe(options: ProjectOptions): Promise<ComposeProject> {
    const sources = options.files.map((file) => {
      try {
        return { path: file, text: fs.readFileSync(file, 'utf8') };
      } catch {
        return { path: file, text: '' };
      }
    });
    const base = { ...options, availableProfiles: profilesIn(sources.map((s) => s.text)), sources, services: [] };
    const missing = options.files.filter((f) => !exists(f));
    if (missing.length) {
      return { ...base, problem: { message: `The compose file ${missing.join(', ')} is not on the machine Berth runs on (it may have been moved or deleted, or the project was started on another machine).` } };
    }
    const compose = await this.compose();
    const run = await runCompose(compose, [...globalOptions(compose, options), 'config'], { env: await this.environment(), cwd: options.workingDir });
    if (run.code !== 0) {
      const failure = composeFailure(run.lines, options.files, options.workingDir);
      return { ...base, problem: failure.problem ?? { message: failure.message } };
    }
    return { ...base, resolved: run.stdout, services: servicesOf(run.stdout, options.name, compose.generation) };
  }

  async downPlan(name: string, volumes: boolean, images: 'none' | 'local' | 'all') {
    const project = images === 'none' ? undefined : await this.project(name);
    return this.engine.engineCall((d) => planDown(d, name, project?.services ?? [], { volumes, images }));
  }

  run(name: string, command: Action, signal: AbortSignal): AsyncIterable<ComposeEvent> {
    const out = new Channel<ComposeEvent>(signal);
    out.drain(this.running(name, command, signal));
    return out;
  }

  private async *running(name: string, command: Action, signal: AbortSignal): AsyncGenerator<ComposeEvent> {
    const options = await this.options(name);
    const compose = await this.compose();
    const env = await this.environment();
    const events = new Channel<ComposeEvent>(signal);
    let batch: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      if (batch.length) events.push({ type: 'output', lines: batch });
      batch = [];
    };
    const args = [...globalOptions(compose, options), ...actionArgs(command)];
    const finished = runCompose(compose, args, {
      env,
      cwd: options.workingDir,
      signal,
      onLine: (line) => {
        batch.push(line);
        if (STEP_LINE.test(line)) events.push({ type: 'step', text: line.replace(/\s*\.\.\.\s*$/, '').replace(/\s+done$/, '') });
        timer ??= setTimeout(flush, OUTPUT_BATCH_MS);
      },
    }).then(
      (result) => {
        clearTimeout(timer);
        flush();
        if (result.code === 0) events.push({ type: 'done', message: done[command.action](name) });
        else if (!signal.aborted) events.fail(new UserError(composeFailure(result.lines, options.files, options.workingDir).message, 'engine-error'));
        events.end();
      },
      (e: NodeJS.ErrnoException) => events.fail(new UserError(`Compose could not be started (${compose.command}): ${e.message}`, 'not-installed')),
    );
    yield* events;
    await finished;
  }
}

/** One ComposeProjects per backend, shared by its method and stream handlers. */
const perBackend = new WeakMap<EngineAccess, ComposeProjects>();
function projectsOf(engine: EngineAccess): ComposeProjects {
  let projects = perBackend.get(engine);
  if (!projects) perBackend.set(engine, (projects = new ComposeProjects(engine)));
  return projects;
}

export function composeHandlers(engine: EngineAccess, projects = projectsOf(engine)): MethodHandlersFor<typeof composeMethods> {
  return {
    'compose.tool': () => projects.tool(),
    'compose.choose': ({ command }) => projects.choose(command),
    'compose.projects': () => projects.projects(),
    'compose.open': (input) => projects.open(input),
    'compose.setProfiles': ({ name, profiles }) => projects.setProfiles(name, profiles),
    'compose.project': ({ name }) => projects.project(name),
    'compose.forget': async ({ name }) => {
      await projects.forget(name);
      return projects.projects();
    },
    'compose.downPlan': ({ name, volumes, images }) => projects.downPlan(name, volumes, images),
  };
}

export function composeStreamHandlers(engine: EngineAccess, projects = projectsOf(engine)): StreamHandlersFor<typeof composeStreams> {
  return {
    'compose.run': ({ name, command }, { signal }) => projects.run(name, command, signal),
  };
}
