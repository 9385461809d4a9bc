/**
 * A promise that fails with nothing waiting for it (a background refresh, a stream's cleanup) must not end
 * the backend: by default Node exits on it, and with it every open terminal session, log stream and task
 * of every window. Such a failure is a bug to fix, so it is logged with its stack, and Berth goes on.
 * (Thrown exceptions are left to Node: after one, the process's state is unknown and ending it is right.)
 */
type Log = (message: string, reason: unknown) => void;

let installed: ((reason: unknown) => void) | undefined;

export function reportStrayFailures(log: Log = (message, reason) => console.error(message, reason)): () => void {
  if (installed) process.off('unhandledRejection', installed);
  const listener = (reason: unknown) => log('[berth] a background operation failed with nothing waiting for it (Berth goes on):', reason);
  installed = listener;
  process.on('unhandledRejection', listener);
  return () => {
    process.off('unhandledRejection', listener);
    if (installed === listener) installed = undefined;
  };
}
