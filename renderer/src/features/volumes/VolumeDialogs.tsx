/** The Volumes dialog that is open, if any (the store says which). */
import { CleanUpDialog } from '../disk/CleanUpDialog';
import { CopyVolumeDialog } from './CopyVolumeDialog';
import { CreateVolumeDialog } from './CreateVolumeDialog';
import { RemoveVolumesDialog } from './RemoveVolumesDialog';
import { RestoreDialog } from './RestoreDialog';
import { useVolumesUi } from './store';

export function VolumeDialogs({ onRemoved }: { onRemoved?(): void }) {
  const dialog = useVolumesUi((s) => s.dialog);
  const close = useVolumesUi((s) => s.close);
  switch (dialog?.kind) {
    case 'create':
      return <CreateVolumeDialog />;
    case 'remove':
      return <RemoveVolumesDialog key={dialog.names.join()} names={dialog.names} onRemoved={onRemoved} />;
    case 'restore':
      return <RestoreDialog into={dialog.into} />;
    case 'copy':
      return <CopyVolumeDialog source={dialog.source} />;
    case 'prune':
      return <CleanUpDialog title="Remove unused volumes" kinds={['volumes']} onClose={close} />;
    default:
      return null;
  }
}
