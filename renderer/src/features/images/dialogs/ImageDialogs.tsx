/** The open image dialog, if any: mounted once in the app, so any page can open one (openPullDialog). */
import { useImagesUi } from '../store';
import { PruneDialog } from './PruneDialog';
import { PullDialog } from './PullDialog';
import { PushDialog } from './PushDialog';
import { RemoveImagesDialog } from './RemoveImagesDialog';
import { TagDialog } from './TagDialog';
import '../images.css';

export function ImageDialogs() {
  const dialog = useImagesUi((s) => s.dialog);
  switch (dialog?.kind) {
    case undefined:
      return null;
    case 'pull':
      return <PullDialog initial={dialog.reference} />;
    case 'tag':
      return <TagDialog image={dialog.image} name={dialog.name} />;
    case 'push':
      return <PushDialog tag={dialog.tag} />;
    case 'remove':
      return <RemoveImagesDialog key={dialog.rows.map((r) => r.key).join()} rows={dialog.rows} />;
    case 'prune':
      return <PruneDialog />;
  }
}
