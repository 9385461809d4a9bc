/**
 * The one place ids and names enter Engine API paths. dockerode builds paths by pasting an id in
 * (`'/containers/' + id + '/json'`), so an id such as `x/../../volumes/victim` used to rewrite the request:
 * on a tcp:// engine the modem's URL resolution collapsed the dot segments and `DELETE` of that "container"
 * removed the volume; on a unix socket the engine's router answered with a redirect that crashed the modem.
 *
 * Two guards, so that neither a handler that forgets nor a value from an unexpected place gets through:
 * - every `getContainer`/`getImage`/`getVolume`/`getNetwork`/`getExec` checks its id against the engine's
 *   own grammar (engine/contract/define.ts) and encodes it as one path segment; a value that fails is
 *   refused in words before anything is sent;
 * - every request the client sends is refused if its path, once decoded as the engine decodes it, holds a
 *   `.` or `..` segment, an empty one, a backslash or a control character.
 */
import type Docker from 'dockerode';
import { ENGINE_NAME, isImagePathName, quoteValue } from '../contract/define';
import { UserError } from '../contract/errors';

type ObjectKind = 'container' | 'image' | 'volume' | 'network' | 'exec';

const DESCRIBED: Record<ObjectKind, string> = {
  container: 'a container id or name',
  image: 'an image id or name',
  volume: 'a volume name',
  network: 'a network id or name',
  exec: 'an exec session id',
};

/** `value` checked against the engine's grammar for a `kind` and encoded as one path segment. */
export function objectSegment(kind: ObjectKind, value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  const ok = kind === 'image' ? isImagePathName(text) : ENGINE_NAME.test(text);
  if (!ok) throw new UserError(`${quoteValue(String(value))} is not ${DESCRIBED[kind]} the engine could accept, so Berth did not send it.`, 'invalid-input');
  return encodeURIComponent(text);
}

/** What is wrong with a request path (before its query), as the engine will decode it; undefined if nothing. */
export function enginePathProblem(requestPath: string): string | undefined {
  const bare = requestPath.split('?')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    return 'it is not valid percent-encoding';
  }
  if (!decoded.startsWith('/')) return 'it does not start with “/”';
  if (/[\x00-\x1f\x7f\\#]/.test(decoded)) return 'it holds a control character, “\\” or “#”';
  if (decoded.slice(1).split('/').some((s) => s === '' || s === '.' || s === '..')) return 'it holds an empty, “.” or “..” segment';
  return undefined;
}

type Dial = Docker['modem']['dial'];

/**
 * Puts both guards on a client (once; the same client comes back). Objects made from it afterwards,
 * including those dockerode makes itself (`createContainer` answers `getContainer(Id)`), are checked.
 */
export function guardObjectPaths(docker: Docker): Docker {
  const guarded = docker as Docker & { berthGuarded?: true };
  if (guarded.berthGuarded) return docker;
  guarded.berthGuarded = true;
  const { getContainer, getImage, getVolume, getNetwork, getExec } = docker;
  docker.getContainer = (id) => getContainer.call(docker, objectSegment('container', id));
  docker.getImage = (name) => getImage.call(docker, objectSegment('image', name));
  docker.getVolume = (name) => getVolume.call(docker, objectSegment('volume', name));
  docker.getNetwork = (id) => getNetwork.call(docker, objectSegment('network', id));
  docker.getExec = (id) => getExec.call(docker, objectSegment('exec', id));

  const modem = docker.modem;
  const dial: Dial = modem.dial.bind(modem);
  modem.dial = ((options: Parameters<Dial>[0], callback: Parameters<Dial>[1]) => {
    const path = typeof options.path === 'string' ? options.path : '';
    const problem = enginePathProblem(path);
    if (problem) {
      callback?.(new UserError(`Berth refused to send a request to the engine for ${quoteValue(path)}: ${problem}.`, 'invalid-input'), null);
      return;
    }
    return dial(options, callback);
  }) as Dial;
  return docker;
}
