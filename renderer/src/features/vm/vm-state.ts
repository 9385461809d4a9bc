import type { VmState } from '../../../../engine/contract/vm-types';

/** How each VM state reads and its badge colour. */
export const vmStateLook: Record<VmState, { label: string; tone: string }> = {
  running: { label: 'Running', tone: 'success' },
  starting: { label: 'Starting', tone: 'info' },
  stopping: { label: 'Stopping', tone: 'info' },
  stopped: { label: 'Stopped', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
};

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}
