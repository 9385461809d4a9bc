/**
 * The search box of a list page: filters as you type, Escape clears it. The `/` shortcut finds it by its
 * type="search" input.
 */
import { SearchIcon } from './icons';

interface SearchBoxProps {
  /** The accessible name, e.g. "Search containers". */
  label: string;
  placeholder: string;
  value: string;
  onChange(value: string): void;
  narrow?: boolean;
}

export function SearchBox({ label, placeholder, value, onChange, narrow }: SearchBoxProps) {
  return (
    <label className={narrow ? 'search search--narrow' : 'search'}>
      <SearchIcon />
      <input
        type="search"
        className="search__input"
        placeholder={placeholder}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onChange('');
        }}
      />
    </label>
  );
}
