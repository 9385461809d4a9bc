/**
 * The search box of a log view: plain text or a regular expression, case sensitive or not, with the
 * match count and buttons for the previous (older) and next (newer) match. Enter goes to the previous
 * match and Shift+Enter to the next, as in a terminal's search, since a log is read from the bottom.
 */
import { useEffect, useState } from 'react';
import { ArrowDownIcon, ArrowUpIcon, SearchIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import type { LogSearchQuery } from '../../../../engine/contract/log-search-pattern';
import { searchPattern } from '../../../../engine/contract/log-search-pattern';

const DEBOUNCE_MS = 300;

interface LogSearchBarProps {
  onSearch(query: LogSearchQuery | undefined): void;
  onStep(direction: -1 | 1): void;
  /** "3 of 17", "No matches", … */
  status: string;
  searching: boolean;
  canStep: boolean;
  /** What is searched, for the accessible name ("Search the log of web"). */
  label: string;
  placeholder: string;
}

/** The pattern's fault in words: JavaScript's syntax error without the pattern it repeats, or what RE2 cannot take. */
function whyInvalid(message: string): string {
  const syntax = /^Invalid regular expression: \/.*\/[a-z]*: (.*)$/s.exec(message)?.[1];
  if (syntax) return `Not a valid regular expression: ${syntax.charAt(0).toLowerCase()}${syntax.slice(1)}`;
  return `This pattern cannot be searched: ${message}`;
}

export function LogSearchBar({ onSearch, onStep, status, searching, canStep, label, placeholder }: LogSearchBarProps) {
  const [text, setText] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  let invalid: string | undefined;
  if (regex && text) {
    try {
      searchPattern({ text, regex, caseSensitive });
    } catch (e) {
      invalid = whyInvalid((e as Error).message);
    }
  }

  // Search as the user types, once they pause: every search reads the whole log, so not on each key.
  useEffect(() => {
    if (invalid) return;
    const timer = setTimeout(() => onSearch(text ? { text, regex, caseSensitive } : undefined), text ? DEBOUNCE_MS : 0);
    return () => clearTimeout(timer);
  }, [text, regex, caseSensitive, invalid, onSearch]);

  return (
    <div className="log-search" role="search">
      <label className={`log-search__box${invalid ? ' is-invalid' : ''}`}>
        <SearchIcon />
        <input
          type="search"
          className="log-search__input"
          placeholder={regex ? `${placeholder} (regular expression)` : placeholder}
          aria-label={label}
          aria-invalid={invalid ? true : undefined}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              onStep(e.shiftKey ? 1 : -1);
            } else if (e.key === 'Escape' && text) {
              e.stopPropagation();
              setText('');
            }
          }}
          data-testid="log-search"
        />
        <button
          type="button"
          className={`log-search__toggle${caseSensitive ? ' is-on' : ''}`}
          aria-pressed={caseSensitive}
          aria-label="Match case"
          title="Match case"
          onClick={() => setCaseSensitive(!caseSensitive)}
        >
          Aa
        </button>
        <button
          type="button"
          className={`log-search__toggle${regex ? ' is-on' : ''}`}
          aria-pressed={regex}
          aria-label="Regular expression"
          title="Regular expression"
          onClick={() => setRegex(!regex)}
        >
          .*
        </button>
      </label>
      <span className="log-search__status" role="status" data-testid="log-search-status">
        {searching && <Spinner />}
        {invalid ? <span className="log-search__error">{invalid}</span> : status}
      </span>
      <button type="button" className="icon-button" aria-label="Previous match (older)" title="Previous match, older (Enter)" disabled={!canStep} onClick={() => onStep(-1)}>
        <ArrowUpIcon />
      </button>
      <button type="button" className="icon-button" aria-label="Next match (newer)" title="Next match, newer (Shift+Enter)" disabled={!canStep} onClick={() => onStep(1)}>
        <ArrowDownIcon />
      </button>
    </div>
  );
}
