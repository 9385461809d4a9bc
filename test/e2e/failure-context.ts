/**
 * When a browser test fails, what the page and the browser-mode server showed at that moment goes into
 * the failure itself: CI keeps only the end of its output, where vitest repeats each failure, so a
 * "locator not found" there says whether the page was on another route, showed an error, or lost its
 * server, instead of leaving a timeout to guess from.
 */
import { beforeEach } from 'vitest';

beforeEach(({ onTestFailed }) => {
  onTestFailed(async ({ task }) => {
    // Imported here, not above: files without a browser do not pay for loading Playwright.
    const { describeOpenPages } = await import('./browser');
    const context = await describeOpenPages();
    const error = task.result?.errors?.[0];
    if (!context || !error) return;
    error.message = `${error.message}\n\n--- at the failure ---\n${context}`;
  });
});
