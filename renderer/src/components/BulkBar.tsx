/** The toolbar over a list while rows are selected: how many, what can be done to them, and clearing the selection. */
import type { ReactNode } from 'react';
import { CloseIcon } from './icons';

interface BulkBarProps {
  /** The toolbar's accessible name ("Selected images"). */
  label: string;
  testId: string;
  /** How many are selected, in words ("2 images"). */
  count: string;
  onClear(): void;
  /** The actions on the selection. */
  children: ReactNode;
}

export function BulkBar({ label, testId, count, onClear, children }: BulkBarProps) {
  return (
    <div className="bulk-bar" role="toolbar" aria-label={label} data-testid={testId}>
      <span className="bulk-bar__count">{count} selected</span>
      {children}
      <button type="button" className="icon-button bulk-bar__clear" aria-label="Clear selection" title="Clear selection" onClick={onClear}>
        <CloseIcon />
      </button>
    </div>
  );
}
