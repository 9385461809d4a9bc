/**
 * Switching the window to another engine, from the sidebar, the palette or the Engines page: it becomes the
 * engine in use (remembered for the next start and for windows that follow it) and this window's address
 * names it, so the window stays on it whatever another window chooses.
 */
import { client } from '../../app/contract-client';
import { hrefOnEngine, listRouteOf, navigateOnEngine, pageOf, parseLocation } from '../../app/router';
import { messageOf, showToast } from '../../components/toasts/store';

export async function switchEngine(endpoint: { id: string; label: string }): Promise<void> {
  try {
    await client.call('engine.select', { id: endpoint.id });
  } catch (e) {
    showToast({ tone: 'error', title: `Could not switch to ${endpoint.label}`, message: messageOf(e) });
    return;
  }
  // A container or an image of one engine does not exist on another: go to the page's list.
  navigateOnEngine(endpoint.id, listRouteOf(currentPage()));
}

/** The address of the current page on another engine, for "open in a new window". */
export function addressOnEngine(id: string): string {
  return `${window.location.pathname}${window.location.search}${hrefOnEngine(id, listRouteOf(currentPage()))}`;
}

function currentPage() {
  const { route } = parseLocation(window.location.hash);
  return route ? pageOf(route) : 'containers';
}
