/**
 * "Choose…" next to a folder path, in the desktop app only: a native folder dialog on this machine. In
 * browser mode the browser may be on another machine than the engine, so the path is typed instead.
 */
import { client } from '../../app/contract-client';
import { useAppInfo } from '../app-info/api';
import { messageOf, showToast } from '../../components/toasts/store';

export function ChooseFolderButton({ label, onChosen }: { label: string; onChosen(path: string): void }) {
  const info = useAppInfo();
  if (info.data?.mode !== 'desktop') return null;
  const choose = async () => {
    try {
      const { path } = await client.call('files.choose', { kind: 'folder', title: 'Choose a folder to mount' });
      if (path) onChosen(path);
    } catch (e) {
      showToast({ tone: 'error', title: 'Could not open the folder dialog', message: messageOf(e) });
    }
  };
  return (
    <button type="button" className="button" aria-label={label} onClick={() => void choose()}>
      Choose…
    </button>
  );
}
