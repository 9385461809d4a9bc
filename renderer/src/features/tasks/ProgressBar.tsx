/** A thin progress bar: filled to `fraction`, or moving when the amount is not known yet. */
export function ProgressBar({ fraction, label }: { fraction?: number; label: string }) {
  const known = fraction !== undefined && Number.isFinite(fraction);
  const percent = known ? Math.round(Math.min(1, Math.max(0, fraction)) * 100) : undefined;
  return (
    <div
      className={`progress${known ? '' : ' progress--unknown'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      {/* Scaled rather than resized: the compositor moves it without laying out the page again. */}
      <div className="progress__fill" style={known ? { transform: `scaleX(${(percent ?? 0) / 100})` } : undefined} />
    </div>
  );
}
