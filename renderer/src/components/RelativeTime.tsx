/** "3 minutes ago", with the exact date and time on hover. Redrawn once a minute while on screen. */
import { useSyncExternalStore } from 'react';

const TICK_MS = 60_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function describeAge(seconds: number): string {
  if (seconds < 60) return 'just now';
  for (const [unit, size] of units) {
    if (seconds >= size) return relative.format(-Math.floor(seconds / size), unit);
  }
  return 'just now';
}

/** `epochSeconds`: seconds since 1970, as the Engine API reports times. */
export function RelativeTime({ epochSeconds }: { epochSeconds: number }) {
  const current = useSyncExternalStore(subscribe, () => now);
  const date = new Date(epochSeconds * 1000);
  // A clock slightly behind the engine's must not say "in 2 seconds".
  const age = Math.max(0, Math.floor(Math.max(current, Date.now()) / 1000) - epochSeconds);
  return (
    <time dateTime={date.toISOString()} title={absolute.format(date)}>
      {describeAge(age)}
    </time>
  );
}
