/**
 * Reset to factory settings: deletes the VM's data disk, which holds every image, container and volume
 * in it. The dialog says so and asks for the VM's name before the button does anything.
 */
import { useId, useState } from 'react';
import type { VmStatus } from '../../../../engine/contract/vm-types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useFactoryReset } from './api';

export function FactoryReset({ status }: { status: VmStatus }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const reset = useFactoryReset();
  const inputId = useId();
  const matches = typed === status.name;
  const close = () => {
    setOpen(false);
    setTyped('');
  };
  return (
    <section className="panel vm-danger" aria-labelledby="vm-reset-title">
      <div className="panel__header">
        <div>
          <h2 id="vm-reset-title" className="panel__title">
            Reset to factory settings
          </h2>
          <p className="panel__intro">Deletes the VM’s disk. Settings and certificates are kept.</p>
        </div>
        <button type="button" className="button button--danger vm-push-right" disabled={!status.disk.exists || reset.isPending} onClick={() => setOpen(true)} data-testid="vm-reset">
          Reset…
        </button>
      </div>
      {open && (
        <ConfirmDialog
          title="Delete everything in the VM?"
          confirmLabel="Delete the VM’s disk"
          danger
          confirmDisabled={!matches}
          onCancel={close}
          onConfirm={() => {
            if (!matches) return;
            reset.mutate(typed);
            close();
          }}
        >
          <p>
            This stops the VM and deletes its disk ({status.disk.file}): every image, container and volume in the VM is lost, and cannot be brought
            back. Files in shared folders stay on this machine.
          </p>
          <label htmlFor={inputId} className="vm-reset__label">
            Type the VM’s name, <strong className="mono">{status.name}</strong>, to confirm:
          </label>
          <input id={inputId} className="text-input" value={typed} autoComplete="off" spellCheck={false} autoFocus onChange={(e) => setTyped(e.target.value)} data-testid="vm-reset-name" />
        </ConfirmDialog>
      )}
    </section>
  );
}
