/**
 * The managed engine's options (Linux, where Berth can run dockerd itself). They are written into its
 * daemon.json and dockerd reads that only when it starts, so a change made while it runs offers a restart.
 */
import { useState } from 'react';
import { PREFERENCE_LIMITS } from '../../../../engine/contract/preferences-types';
import type { ManagedEnginePreferences } from '../../../../engine/contract/preferences-types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { RestartIcon } from '../../components/icons';
import { useManagedCommand, useManagedStatus } from '../engines/managed-api';
import { NumberSetting, Section } from './controls';

/** The daemon's limits, each a number the user sets within the contract's bounds. */
const LIMITS: { key: keyof ManagedEnginePreferences & keyof typeof PREFERENCE_LIMITS; label: string; description: string; unit: string }[] = [
  { key: 'maxConcurrentDownloads', label: 'Parallel downloads', description: 'Image layers pulled at the same time.', unit: 'layers' },
  { key: 'maxConcurrentUploads', label: 'Parallel uploads', description: 'Image layers pushed at the same time.', unit: 'layers' },
  { key: 'logMaxSizeMb', label: 'Log size per container', description: 'A container’s log is rotated when it reaches this size.', unit: 'MB' },
  { key: 'logMaxFiles', label: 'Log files per container', description: 'Rotated files kept; the oldest is deleted when another is needed.', unit: 'files' },
];

interface ManagedEngineSectionProps {
  preferences: ManagedEnginePreferences;
  onChange(change: Partial<ManagedEnginePreferences>): void;
}

export function ManagedEngineSection({ preferences, onChange }: ManagedEngineSectionProps) {
  const status = useManagedStatus().data;
  const command = useManagedCommand();
  const [confirming, setConfirming] = useState(false);
  // The engine's pid when the user changed something while it ran: a restart gives it a new pid.
  const [changedAtPid, setChangedAtPid] = useState<number>();
  if (!status?.supported) return null;

  const running = status.state === 'running';
  const pending = running && changedAtPid !== undefined && changedAtPid === status.pid;
  const change = (c: Partial<ManagedEnginePreferences>) => {
    if (running) setChangedAtPid(status.pid);
    onChange(c);
  };

  return (
    <Section
      title="Managed engine"
      note="Berth’s own dockerd reads these when it starts. Log limits apply to containers created after that; existing containers keep theirs."
    >
      {pending && (
        <div className="preferences__pending" role="status" data-testid="managed-restart-needed">
          <span>The managed engine is running with the options it started with. Restart it to apply your change.</span>
          <button type="button" className="button" disabled={command.isPending} onClick={() => setConfirming(true)}>
            <RestartIcon /> Restart engine
          </button>
        </div>
      )}
      {LIMITS.map((l) => (
        <NumberSetting key={l.key} label={l.label} description={l.description} value={preferences[l.key]} limit={PREFERENCE_LIMITS[l.key]} unit={l.unit} onChange={(value) => change({ [l.key]: value })} />
      ))}
      {confirming && (
        <ConfirmDialog
          title="Restart the managed engine?"
          confirmLabel="Restart engine"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            command.mutate('restart');
          }}
        >
          <p>Every container running in Berth’s managed engine stops. Containers with a restart policy start again; the others stay stopped until you start them.</p>
        </ConfirmDialog>
      )}
    </Section>
  );
}
