import type { EngineState, ManagedEngineState } from '../../../../engine/contract/types';

/** How each state reads and which badge colour it gets, wherever an engine state is shown. */
export const engineStateLook: Record<EngineState, { label: string; tone: string }> = {
  running: { label: 'Running', tone: 'success' },
  starting: { label: 'Starting', tone: 'info' },
  stopped: { label: 'Stopped', tone: 'neutral' },
  unreachable: { label: 'Unreachable', tone: 'danger' },
  'not-answering': { label: 'Not answering', tone: 'danger' },
  none: { label: 'No engine', tone: 'warning' },
};

export const managedStateLook: Record<ManagedEngineState, { label: string; tone: string }> = {
  running: { label: 'Running', tone: 'success' },
  starting: { label: 'Starting', tone: 'info' },
  stopping: { label: 'Stopping', tone: 'info' },
  stopped: { label: 'Stopped', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
};
