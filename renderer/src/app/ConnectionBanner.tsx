import { useBackendLost } from './connection';

/** Shown while this window cannot reach Berth's backend; everything on screen may be out of date. */
export function ConnectionBanner() {
  const lost = useBackendLost();
  if (!lost) return null;
  return (
    <div className="banner banner--danger" role="alert" data-testid="connection-lost">
      <span className="spinner" aria-hidden="true" />
      <span>
        <strong>Lost the connection to Berth.</strong> Reconnecting… What you see may be out of date until it is back.
      </span>
    </div>
  );
}
