/**
 * What each stream of the contract becomes when the connection to the backend drops. The backend ends every
 * stream of a connection that goes away (engine/rpc/session-host.ts), so nothing carries on there; what
 * matters is what the window does once it is connected again (renderer/src/rpc/client.ts follows this):
 *
 * - `reopen`: the input alone says what to show and the first events bring the window up to date (live
 *   lists, usage, processes, one page of a log), so the client opens it again with the same input.
 * - `resume`: it picks up from a cursor its consumer keeps: `logs.follow` reopens `after` the time of the last
 *   line shown (renderer/src/features/container-logs), so no line comes twice. The client ends it with an
 *   `interrupted` error and the consumer resumes it.
 * - `interrupted`: work that cannot pick up where it stopped (a pull, a build, an upload, a copy, a
 *   terminal's process): the client ends it with an `interrupted` error, and a task says it was interrupted
 *   instead of starting again.
 *
 * The compiler holds every stream to a declaration.
 */
import type { StreamName } from './contract';

export type AfterReconnect = 'reopen' | 'resume' | 'interrupted';

export const afterReconnect = {
  'app.updates': 'reopen',
  'vm.updates': 'reopen',
  'containers.stats': 'reopen',
  'container.top': 'reopen',
  'logs.page': 'reopen',
  'logs.follow': 'resume',
  'logs.search': 'interrupted',
  'logs.download': 'interrupted',
  'container.files.download': 'interrupted',
  'container.files.upload': 'interrupted',
  // A terminal's session lives in the backend: its view replays the whole screen when opened again.
  'terminal.view': 'reopen',
  'terminal.sessions.watch': 'reopen',
  'images.pull': 'interrupted',
  'images.push': 'interrupted',
  'images.build': 'interrupted',
  'images.save': 'interrupted',
  'images.load': 'interrupted',
  'images.prune': 'interrupted',
  'volumes.export': 'interrupted',
  'volumes.download': 'interrupted',
  'volumes.import': 'interrupted',
  'volumes.copy': 'interrupted',
  'compose.run': 'interrupted',
} as const satisfies Record<StreamName, AfterReconnect>;

/** The sentence a stream ends with when the connection dropped under it. */
export const INTERRUPTED_MESSAGE = 'The connection to Berth’s backend was lost, which interrupted this: start it again.';
