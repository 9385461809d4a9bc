/** The Networks dialog that is open, if any (the store says which). */
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CleanUpDialog } from '../disk/CleanUpDialog';
import { useDisconnect, useNetworkAttachments, useRemoveNetwork } from './api';
import { ConnectDialog } from './ConnectDialog';
import { CreateNetworkDialog } from './CreateNetworkDialog';
import { useNetworksUi } from './store';

export function NetworkDialogs({ onRemoved }: { onRemoved?(): void }) {
  const dialog = useNetworksUi((s) => s.dialog);
  const close = useNetworksUi((s) => s.close);
  const remove = useRemoveNetwork();
  const disconnect = useDisconnect();
  const attachments = useNetworkAttachments().data?.byNetwork ?? {};
  switch (dialog?.kind) {
    case 'create':
      return <CreateNetworkDialog />;
    case 'connect':
      return <ConnectDialog network={dialog.network} />;
    case 'prune':
      return <CleanUpDialog title="Remove unused networks" kinds={['networks']} onClose={close} />;
    case 'remove': {
      const n = dialog.network;
      const on = attachments[n.name] ?? [];
      const running = on.filter((c) => c.state === 'running' || c.state === 'paused' || c.state === 'restarting');
      const stopped = on.filter((c) => !running.includes(c));
      return (
        <ConfirmDialog
          title={`Remove ${n.name}?`}
          confirmLabel="Remove"
          danger
          onCancel={close}
          onConfirm={() => {
            close();
            remove.mutate({ id: n.id, name: n.name }, { onSuccess: () => onRemoved?.() });
          }}
        >
          <p>The network and its addressing go; containers keep running on their other networks.</p>
          {running.length > 0 && (
            <p className="remove-warning">
              {running.map((c) => c.containerName).join(', ')} {running.length === 1 ? 'is' : 'are'} on it now: the engine refuses until {running.length === 1 ? 'it is' : 'they are'} disconnected or stopped.
            </p>
          )}
          {stopped.length > 0 && (
            <p className="notice notice--warning">
              {stopped.map((c) => c.containerName).join(', ')} {stopped.length === 1 ? 'is' : 'are'} stopped and attached to it: {stopped.length === 1 ? 'it' : 'they'} will not start again until connected to another network.
            </p>
          )}
        </ConfirmDialog>
      );
    }
    case 'disconnect':
      return (
        <ConfirmDialog
          title={`Disconnect ${dialog.container.name} from ${dialog.network.name}?`}
          confirmLabel="Disconnect"
          danger
          onCancel={close}
          onConfirm={() => {
            close();
            disconnect.mutate({ network: dialog.network.id, networkName: dialog.network.name, container: dialog.container.id, containerName: dialog.container.name });
          }}
        >
          <p>
            It loses its address on {dialog.network.name}, and the containers there can no longer reach it by name. It can be connected again at any time.
          </p>
        </ConfirmDialog>
      );
    default:
      return null;
  }
}
