/**
 * The native file dialogs of the desktop app (engine/contract/files.ts). electron/main.ts injects an
 * implementation; browser mode has none, and says so.
 */
import type { z } from 'zod';
import { UserError } from '../contract/errors';
import type { fileDialogRequest, fileMethods } from '../contract/files';
import type { MethodHandlersFor } from './engine-access';

export type FileDialogRequest = z.output<typeof fileDialogRequest>;

export interface FileDialogs {
  /** The chosen path, or null when the user cancelled. */
  choose(request: FileDialogRequest): Promise<string | null>;
}

export function fileHandlers(host: { readonly dialogs: FileDialogs | undefined }): MethodHandlersFor<typeof fileMethods> {
  return {
    'files.choose': async (request) => {
      if (!host.dialogs) throw new UserError('File dialogs exist only in the desktop app: in the browser, upload the file or type a path on the Berth host.', 'not-supported');
      return { path: await host.dialogs.choose(request) };
    },
  };
}
