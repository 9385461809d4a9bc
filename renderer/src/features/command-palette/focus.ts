/**
 * Where focus goes after a keyboard command moved to another page: to the page itself (the <main>
 * landmark), so Tab continues from the top of what is now on screen rather than from nowhere.
 */
export function focusMain(): void {
  document.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
}

/** Call after running something that may navigate; `hashBefore` is location.hash from before it ran. */
export function focusMainAfterNavigation(hashBefore: string): void {
  requestAnimationFrame(() => {
    const lost = !document.activeElement || document.activeElement === document.body;
    if (location.hash !== hashBefore && (lost || !document.activeElement?.closest('main'))) focusMain();
    else if (lost) focusMain();
  });
}
