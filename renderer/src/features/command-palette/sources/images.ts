/** Commands for images: open one, pull (also a name typed after "pull"), push, remove. */
import { useMemo } from 'react';
import { commandId } from '../../../app/command-ids';
import type { Command } from '../../../app/commands';
import { navigate } from '../../../app/router';
import { useImages } from '../../images/api';
import { imageRows } from '../../images/list';
import { openPullDialog, useImagesUi } from '../../images/store';
import { startPull } from '../../images/tasks/transfer';

/** "pull nginx:1.27" → "nginx:1.27". */
const PULL = /^\s*pull\s+(\S+)\s*$/i;

export function useImageCommands(query: string): Command[] {
  const images = useImages().data;
  const open = useImagesUi((s) => s.open);
  const typed = PULL.exec(query)?.[1];
  return useMemo(() => {
    const { tagged, untagged } = imageRows(images ?? []);
    const commands = [...tagged, ...untagged].flatMap((row): Command[] => {
      const shortId = row.image.id.replace(/^sha256:/, '').slice(0, 12);
      const name = row.tag ?? `${row.repository} (${shortId})`;
      const about = { group: 'Images', keywords: [shortId] };
      const tag = row.tag;
      return [
        { ...about, id: commandId({ kind: 'image', verb: 'open', id: row.key }), title: `Open ${name}`, run: () => navigate('image', { id: row.image.id }) },
        ...(tag
          ? [
              { ...about, id: commandId({ kind: 'image', verb: 'pull', id: row.key }), title: `Pull ${tag}`, searchOnly: true, run: () => void startPull(tag) },
              { ...about, id: commandId({ kind: 'image', verb: 'push', id: row.key }), title: `Push ${tag}`, searchOnly: true, run: () => open({ kind: 'push', tag }) },
            ]
          : []),
        { ...about, id: commandId({ kind: 'image', verb: 'remove', id: row.key }), title: `Remove ${name}`, searchOnly: true, run: () => open({ kind: 'remove', rows: [row] }) },
      ];
    });
    const known = typed && commands.some((c) => c.title.toLowerCase() === `pull ${typed}`.toLowerCase());
    if (typed && !known) commands.unshift({ id: commandId({ kind: 'image', verb: 'pull-new', id: typed }), title: `Pull ${typed}`, group: 'Images', run: () => void startPull(typed) });
    commands.push({ id: commandId({ kind: 'pull-dialog' }), title: 'Pull an image…', group: 'Images', keywords: ['download', 'registry'], searchOnly: true, run: () => openPullDialog() });
    return commands;
  }, [images, open, typed]);
}
