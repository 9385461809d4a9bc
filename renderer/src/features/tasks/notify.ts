/**
 * Saying that a task ended: always a toast, and a system notification (the desktop's own, in the app or in
 * a browser that allows it) when Berth's window is not the one in front, unless the user turned them off.
 */
import type { Preferences } from '../../../../engine/contract/preferences-types';
import { queryClient } from '../../app/query-client';
import { showToast } from '../../components/toasts/store';
import { preferencesKeys } from '../preferences/api';
import type { Task } from './store';

function notificationsWanted(): boolean {
  return queryClient.getQueryData<Preferences>(preferencesKeys.all)?.notifications ?? true;
}

/** Asks once for permission to notify; browsers only ask in answer to something the user did. */
export function askToNotify(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default' || !notificationsWanted()) return;
  void Notification.requestPermission().catch(() => undefined);
}

/** Tasks a page is showing right now, with their outcome: that page says how it ended, not a toast too. */
const onScreen = new Map<string, number>();

/** Marks a task as shown by a page while it is on screen; returns the function that unmarks it. */
export function showingTask(id: string): () => void {
  onScreen.set(id, (onScreen.get(id) ?? 0) + 1);
  return () => {
    const n = (onScreen.get(id) ?? 1) - 1;
    if (n > 0) onScreen.set(id, n);
    else onScreen.delete(id);
  };
}

export function announce(task: Task): void {
  const failed = task.state === 'failed';
  if (task.state === 'cancelled') return;
  // The page in front already says it; a system notification still goes out when the window is not in front.
  const shown = onScreen.has(task.id) && document.hasFocus();
  if (shown) return;
  const title = failed ? `${task.title} failed` : `${task.title}: done`;
  showToast({ tone: failed ? 'error' : 'info', title, message: task.message });
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !notificationsWanted() || document.hasFocus()) return;
  try {
    const notification = new Notification(title, { body: task.message, tag: task.id });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker; the toast has said it already.
  }
}
