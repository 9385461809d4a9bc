/** Display switches (times, wrapping) and what can be done with the lines (copy, download). */
import { ClockIcon, CloseIcon, CopyIcon, DownloadIcon, WrapIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { useLogPreferences } from './store';

interface LogActionsProps {
  onCopy(): void;
  onDownload(): void;
  /** Lines saved so far while a download runs. */
  downloading?: number;
  onCancelDownload?(): void;
  copyLabel: string;
  downloadLabel: string;
}

export function LogActions({ onCopy, onDownload, downloading, onCancelDownload, copyLabel, downloadLabel }: LogActionsProps) {
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
      {downloading === undefined ? (
        <button type="button" className="icon-button" aria-label={downloadLabel} title={downloadLabel} onClick={onDownload} data-testid="log-download">
          <DownloadIcon />
        </button>
      ) : (
        <span className="log-actions__progress" role="status">
          <Spinner />
          {downloading.toLocaleString()} lines
          <button type="button" className="icon-button" aria-label="Cancel the download" title="Cancel the download" onClick={onCancelDownload}>
            <CloseIcon />
          </button>
        </span>
      )}
    </div>
  );
}
