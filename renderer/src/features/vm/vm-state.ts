import type { VmState } from '../../../../engine/contract/vm-types';

/** How each VM state reads and its badge colour. */
export const vmStateLook: Record<VmState, { label: string; tone: string }> = {
  running: { label: 'Running', tone: 'success' },
  starting: { label: 'Starting', tone: 'info' },
  stopping: { label: 'Stopping', tone: 'info' },
  stopped: { label: 'Stopped', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
};
