/**
 * Opens an Engine API client for an endpoint and negotiates the API version: Berth speaks up to
 * MAX_API_VERSION and steps down to what the engine offers (Debian's Docker 20.10 speaks 1.41), the way
 * the docker CLI does.
 */
import Docker from 'dockerode';
import type { EngineStatus } from '../contract/types';
import { connectionOptions, describeConnectionError } from './endpoint';
import type { TlsFiles } from './endpoint';
import { UserError } from '../contract/errors';
import { guardObjectPaths } from './object-paths';
import { EngineLiveness } from './liveness';

export const MAX_API_VERSION = '1.47';
/** Below this the calls Berth makes do not exist. */
export const MIN_API_VERSION = '1.40';

export function compareApiVersions(a: string, b: string): number {
  const [amaj = 0, amin = 0] = a.split('.').map(Number);
  const [bmaj = 0, bmin = 0] = b.split('.').map(Number);
  return amaj - bmaj || amin - bmin;
}

export function negotiateApiVersion(serverVersion: string | undefined): string {
  if (!serverVersion) return MIN_API_VERSION;
  return compareApiVersions(serverVersion, MAX_API_VERSION) < 0 ? serverVersion : MAX_API_VERSION;
}

export interface EngineClient {
  docker: Docker;
  apiVersion: string;
  server: NonNullable<EngineStatus['server']>;
  /** Watches every request of `docker`: says when the engine stops answering, and when it answers again. */
  liveness: EngineLiveness;
}

interface VersionResponse {
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
  Components?: { Name?: string }[];
}

/** Connects and negotiates; throws a UserError that says why when the engine does not answer. */
export async function openEngineClient(host: string, tls?: TlsFiles, timeoutMs = 5000): Promise<EngineClient> {
  const options = connectionOptions(host, tls);
  const probe = new Docker(options);
  // A deadline of its own rather than the modem's idle timeout, which ends as "socket hang up" and would
  // read as the engine closing the connection when it is in fact not answering.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  let version: VersionResponse;
  try {
    // dockerode passes the signal on; its typings do not list it.
    version = (await (probe.version.bind(probe) as (opts: { abortSignal: AbortSignal }) => Promise<unknown>)({ abortSignal: deadline.signal })) as VersionResponse;
  } catch (e) {
    if (deadline.signal.aborted) {
      throw new UserError(`The engine at ${host} is not answering: nothing came back within ${timeoutMs / 1000} s. Berth keeps trying.`, 'engine-not-answering');
    }
    throw new UserError(describeConnectionError(e, host), 'engine-unreachable');
  } finally {
    clearTimeout(timer);
  }
  const apiVersion = negotiateApiVersion(version.ApiVersion);
  if (compareApiVersions(apiVersion, MIN_API_VERSION) < 0) {
    throw new UserError(`The engine at ${host} speaks API ${apiVersion}; Berth needs ${MIN_API_VERSION} or newer (Docker 19.03+). Upgrade the engine.`, 'not-supported');
  }
  // Every id that enters a request path is checked and encoded (./object-paths.ts).
  const docker = guardObjectPaths(new Docker({ ...options, version: `v${apiVersion}` }));
  // No fixed timeout per request (a stop waits out its grace period, a prune may take minutes): a request
  // fails when the engine is shown not to answer at all. See liveness.ts.
  const liveness = new EngineLiveness(docker, host);
  let name = '';
  try {
    name = ((await docker.info()) as { Name?: string }).Name ?? '';
  } catch {
    // The name is decoration; an engine that answers /version but not /info is still usable.
  }
  return {
    docker,
    liveness,
    apiVersion,
    server: {
      version: version.Version ?? 'unknown',
      os: version.Os ?? 'unknown',
      arch: version.Arch ?? 'unknown',
      kernel: version.KernelVersion ?? '',
      name,
      podman: (version.Components ?? []).some((c) => /podman/i.test(c.Name ?? '')),
    },
  };
}
