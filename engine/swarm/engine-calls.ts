/**
 * Swarm calls on the Engine API, with the engine's swarm refusals turned into sentences: this engine is
 * not in a swarm, or is a worker, which cannot answer for the cluster.
 */
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';

interface DockerodeError {
  statusCode?: number;
  json?: { message?: string } | null;
  message?: string;
}

export const NOT_IN_SWARM = 'This engine is not part of a swarm. Create one (Swarm init) or join one from the Swarm page.';
export const NOT_A_MANAGER =
  'This engine is a worker in its swarm: only a manager can list or change nodes, services, stacks, secrets and configs. Connect Berth to a manager, or promote this node from a manager.';

/** The engine's own message of a failed call. */
export function engineMessage(e: unknown): string {
  const err = (e ?? {}) as DockerodeError;
  return (err.json?.message ?? err.message ?? String(e)).trim();
}

/** Runs a swarm call; the engine's "not a manager" and "not in a swarm" answers become sentences. */
export async function swarmCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const status = (e as DockerodeError).statusCode;
    const message = engineMessage(e);
    if (status === 503 && /not part of a swarm|not a swarm manager/i.test(message)) {
      // An engine that left its swarm is told to init or join one; a worker, to ask a manager.
      throw new UserError(/not part of a swarm|swarm init|swarm join/i.test(message) ? NOT_IN_SWARM : NOT_A_MANAGER, 'not-supported');
    }
    throw e;
  }
}

/** A request dockerode has no method for (or one whose query it would mix into the body). */
export function dial<T>(docker: Docker, method: 'GET' | 'POST' | 'DELETE', path: string, opts: { query?: Record<string, string | number | boolean>; body?: unknown; statusCodes?: Record<number, boolean | string> } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `${path}?`,
        method,
        // docker-modem puts _query in the address and _body in the request.
        options: { _query: opts.query ?? {}, _body: opts.body ?? {} },
        statusCodes: { 200: true, 201: true, 204: true, 400: 'bad parameter', 404: 'not found', 409: 'conflict', 500: 'server error', 503: 'node is not part of a swarm', ...opts.statusCodes },
      },
      (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as T)),
    );
  });
}

/** "a, b and c". */
export function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
