/**
 * What the Compose area sends to the UI: which Compose Berth drives, the projects it knows, a project's
 * definition as Compose resolves it, and what a `down` would remove. Plain data only.
 */

/** The kinds of Compose Berth can drive, in the order it prefers them. */
export type ComposeKind = 'plugin' | 'standalone' | 'podman-compose';

export interface ComposeFound {
  kind: ComposeKind;
  /** The command as Berth runs it: `docker compose`, `/usr/bin/docker-compose`, … */
  command: string;
  version: string;
  /** Compose v1 (docker-compose 1.x) names containers `project_service_1`, v2 `project-service-1`. */
  generation: 1 | 2;
}

export interface ComposeTool {
  /** What Berth runs; absent when nothing is installed. */
  chosen?: ComposeFound;
  /** Everything found, in the order of preference. */
  found: ComposeFound[];
  /** Why the chosen one was chosen, in a sentence. */
  reason: string;
  /** What to install when nothing was found. */
  installHint?: string;
}

/** A project Berth knows: opened from a file (remembered) or found running on the engine from its labels. */
export interface ComposeProjectSummary {
  name: string;
  files: string[];
  workingDir?: string;
  /** Opened in Berth and remembered; found on the engine; or both. */
  remembered: boolean;
  containers: number;
  running: number;
}

export interface ComposeServiceDefinition {
  name: string;
  /** `image:` in the file, or the name Compose gives the image it builds. */
  image?: string;
  /** The file names the image (`image:`); otherwise a built image gets Compose's own name. */
  imageNamed: boolean;
  /** The service has a `build:` section. */
  build: boolean;
  profiles: string[];
  dependsOn: string[];
  /** Ports as written (`8080:80`). */
  ports: string[];
}

export interface ComposeFileText {
  path: string;
  text: string;
}

/** Where in which file Compose found a problem. */
export interface ComposeProblem {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** The lines around it, numbered, for the page to show. */
  excerpt?: { line: number; text: string }[];
}

export interface ComposeProject {
  name: string;
  files: string[];
  workingDir: string;
  envFiles: string[];
  /** Profiles enabled for this project in Berth. */
  profiles: string[];
  /** Profiles the file declares. */
  availableProfiles: string[];
  services: ComposeServiceDefinition[];
  /** `compose config`: the configuration as Compose resolved it (variables, env files, profiles applied). */
  resolved?: string;
  /** The files as they are on disk. */
  sources: ComposeFileText[];
  /** The files cannot be read or Compose refuses them; the page shows this instead of the definition. */
  problem?: ComposeProblem;
}

export interface ComposeDownPlan {
  containers: { id: string; name: string; service?: string }[];
  networks: string[];
  volumes: string[];
  images: string[];
}

export type ComposeEvent =
  /** Lines Compose printed (stdout and stderr together, as a terminal shows them). */
  | { type: 'output'; lines: string[] }
  /** The step under way, from Compose's own output ("Building web", "Pulling db"). */
  | { type: 'step'; text: string }
  | { type: 'done'; message: string };
