/** Rows of NAME = value, for environment variables and labels. */
import { CloseIcon } from '../../components/icons';
import { fieldProps, Problems } from './Field';
import type { KeyValueRow } from './model/form';
import type { FormProblems } from './model/problems';
import { removeAt, replaceAt } from './section';

interface KeyValueRowsProps {
  /** `env` or `labels`: the form field, and the start of each row's field names. */
  field: 'env' | 'labels';
  /** "variable", "label": how rows are named to assistive technology. */
  noun: string;
  rows: KeyValueRow[];
  onChange(rows: KeyValueRow[]): void;
  problems: FormProblems;
  keyPlaceholder: string;
}

export function KeyValueRows({ field, noun, rows, onChange, problems, keyPlaceholder }: KeyValueRowsProps) {
  if (!rows.length) return null;
  return (
    <div className="run-rows" role="group" aria-label={`${noun[0]!.toUpperCase()}${noun.slice(1)}s`}>
      {rows.map((row, i) => {
        const n = i + 1;
        const keyField = `${field}.${i}.key`;
        return (
          <div key={i} className="run-row-wrap" data-testid={`${field}-row`}>
            <div className="run-row run-row--kv">
              <input
                {...fieldProps(keyField, problems.byField.get(keyField))}
                className="text-input mono"
                aria-label={`Name of ${noun} ${n}`}
                placeholder={keyPlaceholder}
                value={row.key}
                spellCheck={false}
                onChange={(e) => onChange(replaceAt(rows, i, { ...row, key: e.target.value }))}
              />
              <span className="run-row__arrow" aria-hidden="true">=</span>
              <input
                className="text-input mono"
                aria-label={`Value of ${noun} ${n}`}
                placeholder="value"
                value={row.value}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => onChange(replaceAt(rows, i, { ...row, value: e.target.value }))}
              />
              <button type="button" className="icon-button" aria-label={`Remove ${noun} ${n}`} title="Remove" onClick={() => onChange(removeAt(rows, i))}>
                <CloseIcon />
              </button>
            </div>
            <Problems field={keyField} problems={problems.byField.get(keyField)} />
          </div>
        );
      })}
    </div>
  );
}
