/**
 * Engine messages about images, registries and builds that read like internals, rewritten into what the
 * user can do. engine-errors.ts applies these with its own.
 */
import type { ErrorCode } from '../contract/errors';

interface Rewrite {
  pattern: RegExp;
  say: (m: RegExpExecArray) => string;
  code: ErrorCode;
}

/** `http://localhost:5000/v2/` → `localhost:5000`. */
const hostOf = (url: string) => url.replace(/^https?:\/\//, '').replace(/\/.*$/, '');

export const imageRewrites: Rewrite[] = [
  {
    pattern: /invalid reference format: repository name must be lowercase/,
    say: () => 'Image names are lowercase: write the name in lowercase letters.',
    code: 'invalid-input',
  },
  {
    pattern: /invalid reference format/,
    say: () => 'That is not a valid image name: use name, name:tag or name@sha256:digest, with a registry in front when it is not Docker Hub.',
    code: 'invalid-input',
  },
  {
    pattern: /manifest for (\S+) not found|manifest unknown/,
    say: (m) => `The registry has no image ${m[1] ? `“${m[1]}”` : 'with that name and tag'}: check the name and the tag.`,
    code: 'not-found',
  },
  {
    pattern: /pull access denied for ([^,]+), repository does not exist or may require 'docker login'/,
    say: (m) => `“${m[1]}” does not exist, or it is private: check the name, or sign in to its registry on the Registries page.`,
    code: 'not-found',
  },
  {
    pattern: /(?:"(https?:\/\/[^"]+)": )?no basic auth credentials/,
    say: (m) => `${m[1] ? `The registry ${hostOf(m[1])}` : 'The registry'} needs you to sign in: add a login on the Registries page.`,
    code: 'permission-denied',
  },
  {
    pattern: /login attempt to (https?:\/\/\S+?) failed with status: 401/,
    say: (m) => `The registry ${hostOf(m[1]!)} refused this user name and password.`,
    code: 'permission-denied',
  },
  {
    pattern: /unauthorized: (?:authentication required|incorrect username or password)/,
    say: () => 'The registry refused the request: sign in on the Registries page with an account that has access.',
    code: 'permission-denied',
  },
  {
    pattern: /denied: requested access to the resource is denied|insufficient_scope/,
    say: () => 'The registry refused the push: sign in with an account that may push to this repository, or push to a repository of your own.',
    code: 'permission-denied',
  },
  {
    pattern: /"(https?:\/\/[^"]+)": dial tcp [^:]*:?\d*: connect: connection refused/,
    say: (m) => `Nothing answered at ${hostOf(m[1]!)}: check the registry address, and that the registry is running.`,
    code: 'engine-unreachable',
  },
  {
    pattern: /"(https?:\/\/[^"]+)": dial tcp: lookup (\S+?)(?: on [^:]+(?::\d+)?)?: (?:no such host|server misbehaving|Temporary failure)/,
    say: (m) => `The engine could not find the registry host ${m[2]}: check the name, or the engine's network connection.`,
    code: 'engine-unreachable',
  },
  {
    pattern: /http: server gave HTTP response to HTTPS client/,
    say: () => 'The registry speaks plain HTTP, which the engine only allows for localhost: add it to the engine’s “insecure-registries”, or serve it over HTTPS.',
    code: 'not-supported',
  },
  {
    pattern: /An image does not exist locally with the tag: (\S+)/,
    say: (m) => `There is no local image named ${m[1]} to push: tag an image with this name first.`,
    code: 'not-found',
  },
  {
    pattern: /unable to delete (\w+) \(cannot be forced\) - image is being used by running container (\w+)/,
    say: (m) => `Image ${m[1]} is used by the running container ${m[2]}: stop and remove that container first.`,
    code: 'conflict',
  },
  {
    pattern: /unable to delete (\w+) \(must be forced\) - image is being used by stopped container (\w+)/,
    say: (m) => `Image ${m[1]} is used by the stopped container ${m[2]}: remove that container first, or force the removal.`,
    code: 'conflict',
  },
  {
    pattern: /unable to delete (\w+) \(must be forced\) - image is referenced in multiple repositories/,
    say: (m) => `Image ${m[1]} has several names: remove them one by one, or force the removal to remove them all.`,
    code: 'conflict',
  },
  {
    pattern: /unable to (?:remove repository reference "([^"]+)"|delete (\w+)) \(must force\) - container (\w+) is using its referenced image/,
    say: (m) => `${m[1] ?? `Image ${m[2]}`} is used by container ${m[3]}: remove that container first, or force the removal.`,
    code: 'conflict',
  },
  {
    pattern: /Cannot locate specified Dockerfile: (\S+)/,
    say: (m) => `There is no Dockerfile at ${m[1]} in the build context.`,
    code: 'not-found',
  },
  {
    pattern: /failed to reach build target (\S+) in Dockerfile/,
    say: (m) => `The Dockerfile has no stage named “${m[1]}”: the target is a name given with FROM … AS name.`,
    code: 'invalid-input',
  },
  {
    pattern: /Error processing tar file|archive\/tar: invalid tar header|unexpected EOF/,
    say: () => 'That file is not an image archive (or it is damaged): choose a file made by “docker save” or by Berth’s Save.',
    code: 'invalid-input',
  },
];
