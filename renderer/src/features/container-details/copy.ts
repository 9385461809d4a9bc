import { messageOf, showToast } from '../../components/toasts/store';

/** Copies to the clipboard and says so, or says why not. */
export async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    showToast({ tone: 'info', title: `Copied ${what}` });
  } catch (e) {
    showToast({ tone: 'error', title: `Could not copy ${what}`, message: messageOf(e) });
  }
}
