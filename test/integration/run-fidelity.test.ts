/**
 * `docker run` fidelity, with the docker CLI as the oracle. Lines generated from the installed CLI's own
 * flag list are each made three ways and compared with what `docker create` makes of them:
 *   - pasted into Berth: the Run form's parser, the form's create body, the backend's create method;
 *   - the `docker create` line Berth shows for that form, run by the CLI;
 *   - Duplicate of Berth's container: its inspect data read back into the form, and created again.
 * Containers are only created (never started), a few at a time, and removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../engine/backend';
import { CLI_ONLY_FLAGS, SHORT_FLAGS, SWITCH_FLAGS, VALUE_FLAGS } from '../../renderer/src/features/run-container/model/docker-run-flags';
import type { RunForm } from '../../renderer/src/features/run-container/model/form';
import { withFileRows } from '../../renderer/src/features/run-container/model/form';
import { templateToForm } from '../../renderer/src/features/run-container/model/from-container';
import { parseRunCommand } from '../../renderer/src/features/run-container/model/parse-command';
import { joinShellWords } from '../../renderer/src/features/run-container/model/shell-words';
import { formToWords } from '../../renderer/src/features/run-container/model/to-command';
import { formToSpec } from '../../renderer/src/features/run-container/model/to-spec';
import { validateForm } from '../../renderer/src/features/run-container/model/validate';
import { BUSYBOX_IMAGE, removeContainersNamed, testEngine } from '../harness/context';
import { IGNORED, comparable, differences } from './run-fidelity/compare';
import type { CorpusContext, CorpusLine } from './run-fidelity/corpus';
import { EXCLUDED, VALUES, generateCorpus, parseHelp } from './run-fidelity/corpus';

const engine = testEngine();
let backend: Backend;
let dir: string;
const methods = () => backend.handlers.methods;
const PREFIX = 'rfid';
const CONCURRENCY = 4;
const MINIMUM_LINES = 150;

const context = (): CorpusContext => ({
  fixture: `${PREFIX}-fixture`,
  network: `${PREFIX}-net`,
  folder: path.join(dir, 'bind'),
  envFiles: [path.join(dir, 'app.env'), path.join(dir, 'more.env')],
  labelFile: path.join(dir, 'labels'),
  volumePrefix: `${PREFIX}-v`,
});

async function must(args: string[]): Promise<string> {
  const r = await engine.docker(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

async function inspect(id: string) {
  const res = await engine.request('GET', `/containers/${id}/json`);
  if (res.status !== 200) throw new Error(`inspect ${id}: ${res.text}`);
  return res.json;
}

/** Pasted into the Run dialog: parsed, the files it names read through the backend, then the form as the dialog holds it. */
async function paste(line: string): Promise<{ form: RunForm; leftOut: string[] }> {
  const parsed = parseRunCommand(line);
  if (!parsed.ok) throw new Error(parsed.error);
  let form = parsed.form;
  const before = { 'env-file': 0, 'label-file': 0 };
  for (const file of parsed.files) {
    const { text } = await methods()['run.readFile']({ path: file.path });
    const read = withFileRows(form, file, text, before[file.flag]);
    form = read.form;
    before[file.flag] += read.added;
  }
  // Flags that only change what the CLI does in a terminal are rightly left out; anything else is a loss.
  const long = (flag: string) => (flag.startsWith('--') ? flag.slice(2) : (SHORT_FLAGS[flag.slice(1)] ?? flag));
  const leftOut = parsed.leftOut.filter((f) => !CLI_ONLY_FLAGS.has(long(f.flag))).map((f) => `${f.flag} ${f.value ?? ''}: ${f.reason}`);
  return { form, leftOut };
}

/** Created through the backend, as the dialog does once the form has nothing to fix. */
async function createFromForm(form: RunForm): Promise<string> {
  const errors = validateForm(form).filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`the form has errors: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return (await methods()['run.create']({ spec: formToSpec(form), start: form.start })).id;
}

interface Outcome {
  line: string;
  cli?: string;
  problems: { berth: string[]; shown: string[]; duplicate: string[]; recreate: string[] };
  /** Recreate passes volumes without a name on by their name, to keep their data: such lines are counted apart. */
  keepsAnonymous?: boolean;
}

async function tryLine(n: number, line: CorpusLine): Promise<Outcome> {
  const name = (role: string) => `${PREFIX}-${n}-${role}`;
  const tail = [BUSYBOX_IMAGE, ...line.command];
  const text = joinShellWords(['docker', 'create', '--name', name('berth'), ...line.args, ...tail]);
  const outcome: Outcome = { line: text, problems: { berth: [], shown: [], duplicate: [], recreate: [] } };
  const fail = (what: keyof Outcome['problems'], e: unknown) => outcome.problems[what].push(e instanceof Error ? e.message : String(e));

  const cli = await engine.docker(['create', '--name', name('cli'), ...line.args, ...tail]);
  if (cli.code !== 0) {
    outcome.problems.berth.push(`the CLI refused the line (${line.flags.join(', ')}): ${cli.stderr.trim()}`);
    return outcome;
  }
  const oracle = comparable(await inspect(cli.stdout.trim()));
  outcome.cli = cli.stdout.trim();
  const against = async (what: keyof Outcome['problems'], id: string) => outcome.problems[what].push(...differences(oracle, comparable(await inspect(id))));

  let form: RunForm;
  try {
    const pasted = await paste(text);
    form = pasted.form;
    outcome.problems.berth.push(...pasted.leftOut.map((l) => `left out ${l}`));
    await against('berth', await createFromForm(form));
  } catch (e) {
    fail('berth', e);
    return outcome;
  }
  try {
    const shown = formToWords({ ...form, name: name('shown') });
    expect(shown.slice(0, 2)).toEqual(['docker', 'create']);
    const made = await engine.docker(shown.slice(1));
    if (made.code !== 0) throw new Error(`the CLI refused Berth's line ${joinShellWords(shown)}: ${made.stderr}`);
    await against('shown', made.stdout.trim());
  } catch (e) {
    fail('shown', e);
  }
  try {
    const template = await methods()['run.template']({ id: name('berth') });
    const copy = { ...templateToForm(template, 'duplicate'), name: name('copy'), start: false };
    await against('duplicate', await createFromForm(copy));
  } catch (e) {
    fail('duplicate', e);
  }
  try {
    // Recreate with changes, made with no change: the same form the dialog sends to run.recreate.
    const template = await methods()['run.template']({ id: name('berth') });
    outcome.keepsAnonymous = (template.container.Mounts ?? []).some((m) => m.Type === 'volume' && /^[0-9a-f]{64}$/.test(m.Name ?? ''));
    const again = { ...templateToForm(template, 'recreate'), name: name('again'), start: false };
    if (!outcome.keepsAnonymous) await against('recreate', await createFromForm(again));
  } catch (e) {
    fail('recreate', e);
  }
  return outcome;
}

async function pool<T, R>(items: T[], limit: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
}

async function cleanUp() {
  await removeContainersNamed(engine, new RegExp(`^${PREFIX}-`));
  const volumes = (await engine.request('GET', '/volumes')).json.Volumes ?? [];
  await Promise.all(volumes.filter((v: { Name: string }) => v.Name.startsWith(`${PREFIX}-`)).map((v: { Name: string }) => engine.request('DELETE', `/volumes/${v.Name}?force=1`)));
  await engine.request('DELETE', `/networks/${PREFIX}-net`);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-fidelity-'));
  fs.mkdirSync(path.join(dir, 'bind'));
  fs.writeFileSync(path.join(dir, 'app.env'), '# settings\nMODE=production\nGREETING=hello world\n  INDENTED=kept\nEMPTY=\n');
  fs.writeFileSync(path.join(dir, 'more.env'), 'SECOND=2\nURL=http://x/?a=b\n');
  fs.writeFileSync(path.join(dir, 'labels'), 'com.example.team=web\ntier=front end\n');
  process.env.DOCKER_HOST = engine.dockerHost;
  backend = new Backend({ paths: { data: path.join(dir, 'data'), runtime: path.join(dir, 'run') }, mode: 'desktop', version: 'test' });
  await backend.start();
  for (let i = 0; backend.status().state !== 'running'; i++) {
    if (i > 300) throw new Error('the engine did not connect');
    await new Promise((r) => setTimeout(r, 50));
  }
  await cleanUp();
  await must(['network', 'create', '--ipv6', '--subnet', '10.99.0.0/24', '--subnet', 'fd00:99::/64', `${PREFIX}-net`]);
  await must(['create', '--name', `${PREFIX}-fixture`, '--ipc', 'shareable', '-v', '/shared', BUSYBOX_IMAGE, 'sleep', '600']);
});

afterAll(async () => {
  await cleanUp().catch(() => undefined);
  await backend?.dispose();
  delete process.env.DOCKER_HOST;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('docker run lines made from the docker CLI’s own flag list', () => {
  it('make the same container through Berth as through docker create, and back', { timeout: 600_000 }, async () => {
    const started = Date.now();
    const help = await must(['run', '--help']);
    const flags = parseHelp(help);
    expect(flags.length).toBeGreaterThan(90);
    // Berth's reader knows every flag the CLI has, and whether it takes a value.
    for (const f of flags) expect(f.type ? VALUE_FLAGS.has(f.name) : SWITCH_FLAGS.has(f.name), `--${f.name} (${f.type ?? 'switch'})`).toBe(true);
    // Each flag is either generated here or excluded with a reason.
    expect(flags.filter((f) => !VALUES[f.name] && !EXCLUDED[f.name]).map((f) => f.name)).toEqual([]);

    const corpus = generateCorpus(flags, context(), MINIMUM_LINES);
    const outcomes = await pool(corpus, CONCURRENCY, (line, i) => tryLine(i, line));

    // The comparison can tell two containers apart: two different lines do not compare equal.
    const [a, b] = outcomes.filter((o) => o.cli).map((o) => o.cli!);
    expect(differences(comparable(await inspect(a!)), comparable(await inspect(b!))).length).toBeGreaterThan(0);

    const total = outcomes.length;
    const same = (what: keyof Outcome['problems']) => outcomes.filter((o) => o.problems[what].length === 0).length;
    const report = [
      `docker run fidelity: ${total} lines from \`docker run --help\` (${flags.length} flags; ${Object.keys(EXCLUDED).length} excluded):`,
      ...Object.entries(EXCLUDED).map(([flag, why]) => `  excluded --${flag}: ${why}`),
      'ignored in the comparison:',
      ...IGNORED.map((i) => `  ${i}`),
      `  pasted into Berth, identical to docker create: ${same('berth')}/${total}`,
      `  Berth's docker create line, run by the CLI, identical: ${same('shown')}/${total}`,
      `  Duplicate of Berth's container, identical: ${same('duplicate')}/${total}`,
      `  Recreate with changes (none made), identical: ${outcomes.filter((o) => !o.keepsAnonymous && !o.problems.recreate.length).length}/${outcomes.filter((o) => !o.keepsAnonymous).length}` +
        ` (the other ${outcomes.filter((o) => o.keepsAnonymous).length} have volumes without a name, which Recreate mounts again by name to keep their data)`,
      `  in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ];
    const failures = outcomes.flatMap((o) =>
      (['berth', 'shown', 'duplicate', 'recreate'] as const).flatMap((what) => (o.problems[what].length ? [`${what}: ${o.line}\n    ${o.problems[what].join('\n    ')}`] : [])),
    );
    console.log([...report, ...failures.slice(0, 40)].join('\n'));
    expect(total).toBeGreaterThanOrEqual(MINIMUM_LINES);
    expect(failures).toEqual([]);
  });
});
