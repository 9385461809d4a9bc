/**
 * Native file dialogs of the desktop app, for any feature that needs a file or folder on this machine (a
 * build context, an image archive, a volume backup, a bind mount). In browser mode there are none: the UI
 * uploads, downloads or asks for a path on the Berth host instead, and this answers `not-supported`.
 */
import { z } from 'zod';
import { method } from './define';

export const fileDialogRequest = z
  .object({
    /** `folder`: pick a folder; `open`: pick an existing file; `save`: choose where to write a new file. */
    kind: z.enum(['folder', 'open', 'save']),
    title: z.string().min(1).max(200),
    /** For `save`: the file name offered. */
    suggestedName: z.string().max(255).optional(),
    /** File types offered, e.g. `[{ name: 'Image archives', extensions: ['tar'] }]`. */
    filters: z
      .array(z.object({ name: z.string().max(100), extensions: z.array(z.string().regex(/^[\w*.-]{1,20}$/)).max(20) }).strict())
      .max(10)
      .optional(),
  })
  .strict();

export const fileMethods = {
  /** The chosen path; null when the user cancelled the dialog. */
  'files.choose': method<{ path: string | null }>()(fileDialogRequest),
} as const;
