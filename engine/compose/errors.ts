/**
 * Compose's own errors, made readable: where a file is wrong (file, line, the lines around it), a port
 * already taken, an image that is nowhere, a build that failed (the failing step first). The sentence
 * keeps Compose's words; Berth adds where and what to do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { ComposeProblem } from '../contract/compose-types';

const EXCERPT_AROUND = 2;

function excerpt(text: string, line: number): ComposeProblem['excerpt'] {
  const all = text.split('\n');
  const from = Math.max(1, line - EXCERPT_AROUND);
  const to = Math.min(all.length, line + EXCERPT_AROUND);
  const out: { line: number; text: string }[] = [];
  for (let n = from; n <= to; n++) out.push({ line: n, text: all[n - 1] ?? '' });
  return out;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The line of `services.web.imag` (or the deepest part of that path that exists) in a YAML text. */
export function lineOfPath(text: string, keys: string[]): { line: number; column: number } | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  let node: unknown = doc.contents;
  let found: { line: number; column: number } | undefined;
  for (const key of keys) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (!pair) break;
    const range = isScalar(pair.key) ? pair.key.range : undefined;
    if (range) {
      const pos = counter.linePos(range[0]);
      found = { line: pos.line, column: pos.col };
    }
    node = pair.value;
  }
  return found;
}

function resolveIn(file: string, cwd: string): string {
  return path.isAbsolute(file) ? file : path.resolve(cwd, file);
}

function withPlace(message: string, file: string | undefined, line: number | undefined, column?: number): ComposeProblem {
  const text = file ? readText(file) : undefined;
  return { message, file, line, column, excerpt: text && line ? excerpt(text, line) : undefined };
}

/**
 * A file problem from Compose's output, with its place: YAML syntax (v1 and v2 wording) or the schema
 * (an unknown option, a wrong type), located by looking the path up in the files.
 */
export function fileProblem(lines: string[], files: string[], cwd: string): ComposeProblem | undefined {
  const text = lines.join('\n');
  // v1: yaml.scanner.ScannerError: mapping values are not allowed here\n  in "./compose.yaml", line 3, column 10
  const v1Yaml = /yaml\.\w+\.(\w+Error): ([^\n]*)(?:\n[\s\S]*?)?\n\s*in "([^"]+)", line (\d+), column (\d+)(?:\n([^\n]*)\n\s*in "[^"]+", line (\d+), column (\d+))?/.exec(text);
  if (v1Yaml) {
    const [, , what, file, l1, c1, second, l2, c2] = v1Yaml;
    const line = Number(l2 ?? l1);
    const column = Number(c2 ?? c1);
    const full = resolveIn(file!, cwd);
    const why = (second ?? what)!.replace(/\s+/g, ' ').trim();
    return withPlace(`${full}, line ${line}, column ${column}: the YAML is not valid: ${why}.`, full, line, column);
  }
  // v2: "yaml: line 6: did not find expected key", possibly after "failed to parse /p/compose.yaml: "
  const v2Yaml = /(?:(?:parsing|parse) ([^\s:]+):\s*)?yaml: line (\d+): ([^\n]+)/.exec(text);
  if (v2Yaml) {
    const [, file, l, what] = v2Yaml;
    const line = Number(l);
    const full = resolveIn(file ?? files[0]!, cwd);
    return withPlace(`${full}, line ${line}: the YAML is not valid: ${what}.`, full, line);
  }
  // v1: The Compose file './compose.yaml' is invalid because:\nUnsupported config option for services.web: 'imag'
  const v1Schema = /The Compose file '([^']+)' is invalid because:\n([\s\S]+)/.exec(text);
  // v2: validating /p/compose.yaml: services.web Additional property imag is not allowed
  const v2Schema = /validating ([^\s:]+): ([^\n]+)/.exec(text);
  if (v1Schema || v2Schema) {
    const file = resolveIn((v1Schema?.[1] ?? v2Schema?.[1])!, cwd);
    const reason = (v1Schema?.[2] ?? v2Schema?.[2])!.split('\n').filter((l) => l.trim())[0]!.trim();
    const place = schemaPath(reason);
    const source = readText(file);
    const at = source && place ? lineOfPath(source, place) : undefined;
    return withPlace(`${file}${at ? `, line ${at.line}` : ''}: not a valid Compose file: ${reason}.`, file, at?.line, at?.column);
  }
  return undefined;
}

/** The keys a schema error talks about: `services.web: 'imag'` → services, web, imag. */
function schemaPath(reason: string): string[] | undefined {
  const option = /config option for ([\w.-]+): '([^']+)'/.exec(reason);
  if (option) return [...option[1]!.split('.'), option[2]!];
  const v2 = /^([\w.-]+) Additional property (\S+)/.exec(reason);
  if (v2) return [...v2[1]!.split('.'), v2[2]!];
  const typed = /^([\w.-]+) (?:contains|must be|is invalid|has|value)/.exec(reason);
  if (typed) return typed[1]!.split('.');
  return undefined;
}

export interface ComposeFailure {
  message: string;
  problem?: ComposeProblem;
}

/** Compose exited with an error: the most useful sentence its output holds. */
export function composeFailure(lines: string[], files: string[], cwd: string): ComposeFailure {
  const problem = fileProblem(lines, files, cwd);
  if (problem) return { message: problem.message, problem };
  const text = lines.join('\n');

  // A build that fails: v1 prints "Step 2/3 : RUN …" then "Service 'web' failed to build : …"; v2/BuildKit
  // prints "failed to solve: process "/bin/sh -c …" did not complete successfully".
  const failedBuild = /Service '([^']+)' failed to build\s*:?\s*([^\n]*)/.exec(text) ?? /failed to solve: ([^\n]+)/.exec(text);
  if (failedBuild) {
    const service = failedBuild.length > 2 ? failedBuild[1] : undefined;
    const steps = [...text.matchAll(/^Step (\d+\/\d+) : ([^\n]+)$/gm)];
    const step = steps.at(-1);
    const said = (failedBuild.length > 2 ? failedBuild[2] : failedBuild[1])!.trim();
    // v1 ends with "Build failed"; the line that says why comes just before.
    const why = /^The command '[^\n]*' returned a non-zero code: \d+$/m.exec(text)?.[0];
    const reason = why && (!said || /^Build failed$/i.test(said)) ? why : said || why || 'the build failed';
    const head = step ? `Step ${step[1]} failed: ${step[2]}` : 'The build failed';
    return { message: `${head}\n${service ? `Building ${service}: ` : ''}${reason}` };
  }

  const port = /(?:Bind for [\d.:[\]]*?:(\d+) failed: port is already allocated|listen tcp\d?\s+[\d.:[\]]*?:(\d+): bind: address already in use)/.exec(text);
  if (port) {
    const number = port[1] ?? port[2];
    const service = /Cannot start service ([\w.-]+):[^\n]*?(?:port is already allocated|address already in use)/.exec(text)?.[1];
    return {
      message: `Port ${number} is already in use on the engine’s machine${service ? ` (service ${service})` : ''}: stop what uses it, or change the host port in the compose file.`,
    };
  }

  // An image that is not on the engine and whose registry cannot be reached (v1: "Pulling x (image)..." then why).
  const pull = /Pulling [\w.-]+ \(([^)]+)\)\.\.\.\n(?![^\n]*(?:Pulling|done))([^\n]+)/.exec(text);
  if (pull && /no such host|dial tcp|timeout|connection refused|denied|not found|unauthorized/i.test(pull[2]!)) {
    return { message: `The image ${pull[1]} is not on the engine and could not be pulled: ${pull[2]!.trim()}. Check its name, the network, or sign in to its registry; or build it.` };
  }
  const missing =
    /pull access denied for ([^\s,]+)/.exec(text) ??
    /manifest for (\S+) not found/.exec(text) ??
    /No such image: (\S+)/.exec(text) ??
    /repository (\S+) not found/.exec(text);
  if (missing) {
    return {
      message: `The image ${missing[1]} is not on the engine and could not be pulled: check its name and tag, sign in to its registry if it is private, or build it.`,
    };
  }

  // Otherwise Compose's own ERROR lines (v1) or its last words.
  const errors = lines.filter((l) => /^(ERROR|Error)[: ]/.test(l)).map((l) => l.replace(/^(ERROR|Error)[: ]\s*/, ''));
  const last = errors.length ? errors : lines.slice(-3);
  return { message: last.join('\n').trim() || 'Compose stopped with an error and said nothing more.' };
}
