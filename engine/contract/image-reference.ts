/**
 * Image references (`nginx`, `nginx:1.27`, `ghcr.io/org/app@sha256:…`, `localhost:5000/app:dev`) checked
 * with the grammar the engine uses (distribution's reference package), so a mistake gets a sentence before
 * anything reaches the engine. Pure: the contract validates with it and the UI checks forms as you type.
 */

export interface ImageReference {
  /** `docker.io` when the reference names no registry. */
  registry: string;
  /** The repository inside the registry, `library/nginx` for an official Docker Hub image. */
  repository: string;
  tag?: string;
  digest?: string;
}

export type ParsedReference = { ok: true; reference: ImageReference } | { ok: false; problem: string };

export const DOCKER_HUB = 'docker.io';

const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PORT = /^[0-9]+$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const SHA256 = /^sha256:[0-9a-f]{64}$/;
const MAX_NAME = 255;

/** Whether the first part of a name is a registry host, as the engine decides it. */
function isDomain(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost' || part !== part.toLowerCase();
}

function checkDomain(domain: string): string | undefined {
  const [host = '', port, ...rest] = domain.split(':');
  if (rest.length || (port !== undefined && !PORT.test(port))) return `“${domain}” is not a registry address: write it as host or host:port.`;
  if (!host.split('.').every((c) => DOMAIN_COMPONENT.test(c))) return `“${domain}” is not a registry address: write it as host or host:port.`;
  return undefined;
}

/** Parses a reference; `problem` says what is wrong in words the user can act on. */
export function parseImageReference(input: string): ParsedReference {
  const text = input.trim();
  if (!text) return { ok: false, problem: 'Type an image name, such as nginx, nginx:1.27 or ghcr.io/owner/app.' };
  if (/\s/.test(text)) return { ok: false, problem: 'An image name has no spaces.' };

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, problem: `“${digest}” is not a digest: a digest looks like sha256: followed by 64 hexadecimal characters.` };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      return { ok: false, problem: `“${tag}” is not a valid tag: use up to 128 letters, digits, “_”, “.” and “-”, not starting with “.” or “-”.` };
    }
  }
  if (!rest) return { ok: false, problem: 'The image name is missing before the tag or digest.' };
  if (rest.length > MAX_NAME) return { ok: false, problem: `An image name is at most ${MAX_NAME} characters long.` };

  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  if (parts.length > 1 && isDomain(parts[0]!)) {
    registry = parts.shift()!;
    const problem = checkDomain(registry);
    if (problem) return { ok: false, problem };
  }
  for (const part of parts) {
    if (part !== part.toLowerCase()) return { ok: false, problem: `Image names are lowercase: write “${rest.toLowerCase()}” rather than “${rest}”.` };
    if (!PATH_COMPONENT.test(part)) {
      return {
        ok: false,
        problem: part
          ? `“${part}” cannot be part of an image name: use lowercase letters and digits, separated by “.”, “_”, “__” or “-”.`
          : `“${rest}” has an empty part between slashes.`,
      };
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;
  const repository = registry === DOCKER_HUB && parts.length === 1 ? `library/${parts[0]}` : parts.join('/');
  return { ok: true, reference: { registry, repository, tag, digest } };
}

/** The name as people write it: `nginx:latest`, `localhost:5000/app:dev` (Docker Hub's prefixes dropped). */
export function familiarName(ref: ImageReference): string {
  const repo = ref.registry === DOCKER_HUB ? ref.repository.replace(/^library\//, '') : `${ref.registry}/${ref.repository}`;
  return `${repo}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The repository as the engine wants it in `fromImage`, without tag or digest. */
export function repositoryName(ref: ImageReference): string {
  return familiarName({ ...ref, tag: undefined, digest: undefined });
}

/** A reference with `latest` filled in when it names neither a tag nor a digest, as `docker pull` does. */
export function withDefaultTag(ref: ImageReference): ImageReference {
  return ref.tag || ref.digest ? ref : { ...ref, tag: 'latest' };
}

/** Whether a string is a full image id (`sha256:` and 64 hex digits). */
export function isImageId(text: string): boolean {
  return SHA256.test(text);
}

/** A zod refinement helper: the problem with a reference, or undefined when it is fine. */
export function referenceProblem(text: string, options: { allowDigest?: boolean } = {}): string | undefined {
  const parsed = parseImageReference(text);
  if (!parsed.ok) return parsed.problem;
  if (parsed.reference.digest && options.allowDigest === false) return 'A tag names an image by name, so it cannot include a digest (@sha256:…).';
  return undefined;
}
