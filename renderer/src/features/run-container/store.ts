/**
 * Opening the Run dialog, from anywhere in the app.
 *
 *   import { openRunDialog } from '../run-container/store';
 *   openRunDialog({ image: 'nginx:1.27' });   // the dialog opens with the image filled in
 *
 * `openRunDialog()` with nothing opens it empty. `openFromContainer(id, 'duplicate' | 'recreate')` opens
 * it filled from an existing container's configuration. The dialog itself is mounted once, in App.tsx.
 */
import { create } from 'zustand';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';
import type { RunForm } from './model/form';
import { emptyForm } from './model/form';
import type { TemplateUse } from './model/from-container';
import { templateToForm } from './model/from-container';

export interface RunDialogSession {
  /** Changes with every opening, so the dialog starts from its initial form each time. */
  key: number;
  form: RunForm;
  /** `recreate` replaces `from`; `duplicate` makes a copy of it; `new` starts from an image or nothing. */
  use: 'new' | TemplateUse;
  from?: { id: string; name: string };
}

interface RunDialogState {
  session: RunDialogSession | null;
  close(): void;
}

let nextKey = 1;

export const useRunDialog = create<RunDialogState>()((set) => ({
  session: null,
  close: () => set({ session: null }),
}));

/** Opens the Run dialog, with an image already chosen when given. */
export function openRunDialog(options: { image?: string } = {}): void {
  useRunDialog.setState({ session: { key: nextKey++, form: emptyForm(options.image ?? ''), use: 'new' } });
}

/** Opens the Run dialog filled from a container, to make a copy of it or to recreate it with changes. */
export async function openFromContainer(id: string, use: TemplateUse): Promise<void> {
  try {
    const template = await client.call('run.template', { id });
    const name = template.container.Name.replace(/^\//, '');
    useRunDialog.setState({ session: { key: nextKey++, form: templateToForm(template, use), use, from: { id: template.container.Id, name } } });
  } catch (e) {
    showToast({ tone: 'error', title: use === 'recreate' ? 'Could not read the container to recreate' : 'Could not read the container to duplicate', message: messageOf(e) });
  }
}
