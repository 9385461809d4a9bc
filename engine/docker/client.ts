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
  const probe = new Docker({ ...options, timeout: timeoutMs });
  let version: VersionResponse;
  try {
    version = (await probe.version()) as VersionResponse;
  } catch (e) {
    throw new UserError(describeConnectionError(e, host), 'engine-unreachable');
  }
  const apiVersion = negotiateApiVersion(version.ApiVersion);
  if (compareApiVersions(apiVersion, MIN_API_VERSION) < 0) {
    throw new UserError(`The engine at ${host} speaks API ${apiVersion}; Berth needs ${MIN_API_VERSION} or newer (Docker 19.03+). Upgrade the engine.`, 'not-supported');
  }
  // Every id that enters a request path is checked and encoded (./object-paths.ts).
  const docker = guardObjectPaths(new Docker({ ...options, version: `v${apiVersion}` }));
  let name = '';
  try {
    name = ((await docker.info()) as { Name?: string }).Name ?? '';
  } catch {
    // The name is decoration; an engine that answers /version but not /info is still usable.
  }
  return {
    docker,
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
