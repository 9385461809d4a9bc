/**
 * Engines on other machines, added from the Engines page: over SSH (`ssh://user@host[:port]`) or over TCP
 * with TLS (`tcp://host:2376` with a CA, a certificate and a key), saved as docker contexts so the docker
 * CLI sees them under the same name. And the overview of every engine Berth knows, each looked at on its own.
 */
import { z } from 'zod';
import { method, none } from './define';
import type { EngineEndpoint } from './types';

const filePath = z.string().min(1).max(4096);

export const addRemoteEngineInput = z
  .object({
    /** The docker context's name. */
    name: z.string().min(1).max(100),
    /** ssh://user@host[:port], tcp://host:port */
    address: z.string().min(1).max(500),
    /** For tcp:// with TLS: files on the machine Berth runs on. */
    tls: z.object({ ca: filePath, cert: filePath, key: filePath }).strict().optional(),
    /** The host key fingerprint the user confirmed for an SSH host known_hosts does not list yet. */
    trustFingerprint: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'a SHA256 fingerprint')
      .optional(),
    /** The user read that a plain tcp:// engine gives anyone who reaches the port control of the machine. */
    acceptPlainTcp: z.boolean().optional(),
  })
  .strict();

export type AddRemoteEngineResult =
  | { status: 'added'; endpoint: EngineEndpoint }
  /** Nothing was saved: the user must confirm this host key first (then add again with trustFingerprint). */
  | { status: 'unknown-host'; host: string; keyType: string; fingerprint: string };

/** One engine as the Engines overview shows it. */
export interface EngineOverview {
  endpoint: EngineEndpoint;
  /** Whether Berth made this engine's docker context (then it may remove it). */
  removable: boolean;
  /** For engines reached over SSH: whether the link is up, and why not. */
  link?: { state: 'connecting' | 'connected' | 'reconnecting' | 'closed'; reason?: string };
  facts?: {
    version: string;
    os: string;
    arch: string;
    containersRunning: number;
    containersTotal: number;
    images: number;
    cpus: number;
    memoryBytes: number;
    swarm: 'inactive' | 'manager' | 'worker' | 'pending' | 'error' | 'locked';
  };
}

export const remoteEngineMethods = {
  'engine.remote.add': method<AddRemoteEngineResult>()(addRemoteEngineInput),
  /** Removes a docker context Berth made (refused for one it did not make). */
  'engine.remote.remove': method<{ removed: string }>()(z.object({ name: z.string().min(1).max(100) }).strict()),
  /** Every engine Berth knows, each asked for its facts on its own (one that does not answer never holds up the rest). */
  'engine.overview': method<EngineOverview[]>()(none),
} as const;
