import { useState } from 'react';
import { CloseIcon, WarningIcon } from '../../components/icons';
import { useAppInfo } from './api';

/** A problem Berth met reading its settings (for example a damaged file it set aside), until dismissed. */
export function SettingsWarning() {
  const warning = useAppInfo().data?.settingsWarning;
  const [dismissed, setDismissed] = useState<string>();
  if (!warning || dismissed === warning) return null;
  return (
    <div className="banner banner--warning" role="alert" data-testid="settings-warning">
      <WarningIcon />
      <span className="banner__text">{warning}</span>
      <button type="button" className="icon-button" aria-label="Dismiss warning" onClick={() => setDismissed(warning)}>
        <CloseIcon />
      </button>
    </div>
  );
}
