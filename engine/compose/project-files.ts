/**
 * A project as files on disk: what opening a file or a folder means (which files, which folder, which
 * name), and the definition Compose resolves from them (`compose config`), read into services.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../contract/errors';
import type { ComposeServiceDefinition } from '../contract/compose-types';

/** The files Compose looks for in a folder, in its order; the override is layered on the first found. */
const MAIN_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDE_FILES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

/** The project name Compose derives from a folder: lower case, only letters, digits, “-” and “_”. */
export function projectNameOf(folder: string): string {
  return path
    .basename(folder)
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');
}

function stat(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

export interface OpenedFiles {
  files: string[];
  workingDir: string;
  name: string;
}

/** A file or a folder on the Berth host → the files Compose reads, the project folder and its name. */
export function filesToOpen(target: string, moreFiles: string[]): OpenedFiles {
  const full = path.resolve(target);
  const info = stat(full);
  if (!info) throw new UserError(`There is no file or folder ${full} on the machine Berth runs on.`, 'not-found');
  let files: string[];
  if (info.isDirectory()) {
    const main = MAIN_FILES.map((f) => path.join(full, f)).find((f) => stat(f)?.isFile());
    if (!main) throw new UserError(`${full} has no compose file: Berth looks for ${MAIN_FILES.join(', ')}. Choose the file itself if it has another name.`, 'not-found');
    const override = OVERRIDE_FILES.map((f) => path.join(full, f)).find((f) => stat(f)?.isFile());
    files = override ? [main, override] : [main];
  } else {
    files = [full];
  }
  for (const more of moreFiles) {
    const f = path.resolve(more);
    if (!stat(f)?.isFile()) throw new UserError(`There is no file ${f} on the machine Berth runs on.`, 'not-found');
    files.push(f);
  }
  const workingDir = path.dirname(files[0]!);
  const declared = topLevelName(files[0]!);
  const name = declared ?? projectNameOf(workingDir);
  if (!name) throw new UserError(`Compose cannot make a project name from the folder ${workingDir}: add “name: my-project” at the top of the file.`, 'invalid-input');
  return { files, workingDir, name };
}

/** `name:` at the top of a compose file (Compose v2 files may set the project name there). */
function topLevelName(file: string): string | undefined {
  try {
    const m = /^name:\s*["']?([a-z0-9][a-z0-9_-]*)["']?\s*$/m.exec(fs.readFileSync(file, 'utf8'));
    return m?.[1];
  } catch {
    return undefined;
  }
}

/** Compose's names for a project's built images: v1 `project_service`, v2 `project-service`. */
export function builtImageName(project: string, service: string, generation: 1 | 2): string {
  return generation === 1 ? `${project}_${service}` : `${project}-${service}`;
}

type RawService = {
  image?: unknown;
  build?: unknown;
  profiles?: unknown;
  depends_on?: unknown;
  ports?: unknown;
};

function portText(p: unknown): string | undefined {
  if (typeof p === 'string' || typeof p === 'number') return String(p);
  if (p && typeof p === 'object') {
    const o = p as { published?: unknown; target?: unknown; protocol?: unknown };
    const proto = o.protocol && o.protocol !== 'tcp' ? `/${String(o.protocol)}` : '';
    return o.published !== undefined ? `${String(o.published)}:${String(o.target)}${proto}` : `${String(o.target)}${proto}`;
  }
  return undefined;
}

/** The services of a resolved configuration (the YAML `compose config` prints). */
export function servicesOf(resolved: string, project: string, generation: 1 | 2): ComposeServiceDefinition[] {
  const doc = parse(resolved) as { services?: Record<string, RawService> } | null;
  return Object.entries(doc?.services ?? {}).map(([name, s]) => {
    const build = s.build !== undefined && s.build !== null;
    const image = typeof s.image === 'string' ? s.image : build ? builtImageName(project, name, generation) : undefined;
    const dependsOn = Array.isArray(s.depends_on) ? s.depends_on.map(String) : s.depends_on && typeof s.depends_on === 'object' ? Object.keys(s.depends_on) : [];
    const profiles = Array.isArray(s.profiles) ? s.profiles.map(String) : [];
    const ports = Array.isArray(s.ports) ? s.ports.map(portText).filter((p): p is string => Boolean(p)) : [];
    return { name, image, imageNamed: typeof s.image === 'string', build, profiles, dependsOn, ports };
  });
}

/** Every profile the files declare (including those of services not enabled now). */
export function profilesIn(texts: string[]): string[] {
  const all = new Set<string>();
  for (const text of texts) {
    try {
      const doc = parse(text) as { services?: Record<string, RawService> } | null;
      for (const s of Object.values(doc?.services ?? {})) if (Array.isArray(s?.profiles)) for (const p of s.profiles) all.add(String(p));
    } catch {
      // A file that does not parse is reported by Compose itself.
    }
  }
  return [...all].sort();
}
