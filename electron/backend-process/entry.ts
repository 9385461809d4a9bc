/**
 * Where the backend process starts (bundled as dist/electron/backend.cjs). In the desktop app it is an
 * Electron utility process and talks to the main process on `process.parentPort`; started as a plain Node
 * child (tests, or without Electron) it gets the same port over its IPC channel (./node-ports.ts).
 */
import { reportStrayFailures } from '../../engine/stray-failures';
import type { ParentPort } from './messages';
import { nodeParentPort } from './node-ports';
import { serveBackend } from './serve';

reportStrayFailures();
const electronParent = (process as { parentPort?: ParentPort }).parentPort;
let parentGone = () => {};
const parent = electronParent ?? (process.send ? nodeParentPort(() => parentGone()) : undefined);
if (!parent) {
  console.error('The Berth backend runs only as a child of the desktop app (or of a Node process that forks it with an IPC channel).');
  process.exit(2);
}
// BERTH_DATA_DIR/BERTH_RUNTIME_DIR are read by berthPaths() as for every Berth process.
({ parentGone } = serveBackend(parent, { exit: (code) => process.exit(code) }));
