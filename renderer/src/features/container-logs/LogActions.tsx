/** Display switches (times, wrapping) and what can be done with the lines (copy, download). */
import { ClockIcon, CopyIcon, DownloadIcon, WrapIcon } from '../../components/icons';
import { useLogPreferences } from './store';

interface LogActionsProps {
  onCopy(): void;
  /** Starts a download; it runs as a task (progress and Cancel in the task panel). */
  onDownload(): void;
  copyLabel: string;
  downloadLabel: string;
}

export function LogActions({ onCopy, onDownload, copyLabel, downloadLabel }: LogActionsProps) {
  const timestamps = useLogPreferences((s) => s.timestamps);
  const wrap = useLogPreferences((s) => s.wrap);
  const setTimestamps = useLogPreferences((s) => s.setTimestamps);
  const setWrap = useLogPreferences((s) => s.setWrap);
  return (
    <div className="log-actions">
      <button type="button" className={`icon-button log-toggle${timestamps ? ' is-on' : ''}`} aria-pressed={timestamps} aria-label="Show times" title="Show times" onClick={() => setTimestamps(!timestamps)}>
        <ClockIcon />
      </button>
      <button type="button" className={`icon-button log-toggle${wrap ? ' is-on' : ''}`} aria-pressed={wrap} aria-label="Wrap long lines" title="Wrap long lines" onClick={() => setWrap(!wrap)}>
        <WrapIcon />
      </button>
      <span className="log-actions__divider" />
      <button type="button" className="icon-button" aria-label={copyLabel} title={copyLabel} onClick={onCopy}>
        <CopyIcon />
      </button>
      <button type="button" className="icon-button" aria-label={downloadLabel} title={downloadLabel} onClick={onDownload} data-testid="log-download">
        <DownloadIcon />
      </button>
    </div>
  );
}
