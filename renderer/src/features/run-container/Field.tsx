/** A labelled input of the Run form with the problems found in it, announced with the input. */
import type { InputHTMLAttributes, ReactNode } from 'react';
import { WarningIcon } from '../../components/icons';
import type { ShownProblem } from './model/problems';

/** The DOM id of a form field, so the dialog can move the focus to the first problem. */
export const fieldId = (field: string) => `run-${field.replace(/[^\w-]/g, '-')}`;
const problemsId = (field: string) => `${fieldId(field)}-problems`;

export function Problems({ field, problems, children }: { field: string; problems: ShownProblem[] | undefined; children?: (p: ShownProblem) => ReactNode }) {
  if (!problems?.length) return null;
  return (
    <ul className="field-problems" id={problemsId(field)} data-testid={`problems-${field}`}>
      {problems.map((p) => (
        <li key={p.message} className={`field-problem field-problem--${p.severity}`}>
          {p.severity !== 'info' && <WarningIcon />}
          <span>
            {p.message}
            {children?.(p)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Props every input of the form gets from its field: id, invalid state and the link to its problems. */
export function fieldProps(field: string, problems: ShownProblem[] | undefined): InputHTMLAttributes<HTMLInputElement> {
  const hasError = problems?.some((p) => p.severity === 'error');
  return {
    id: fieldId(field),
    'aria-invalid': hasError || undefined,
    'aria-describedby': problems?.length ? problemsId(field) : undefined,
  };
}

interface TextFieldProps {
  field: string;
  label: string;
  value: string;
  onChange(value: string): void;
  problems?: ShownProblem[];
  placeholder?: string;
  hint?: string;
  /** A <datalist> id offering values. */
  list?: string;
  mono?: boolean;
  /** For fields the dialog focuses first. */
  autoFocus?: boolean;
  trailing?: ReactNode;
}

export function TextField({ field, label, value, onChange, problems, placeholder, hint, list, mono, autoFocus, trailing }: TextFieldProps) {
  return (
    <div className="run-field" data-field={field}>
      <label className="run-field__label" htmlFor={fieldId(field)}>
        {label}
      </label>
      <div className="run-field__control">
        <input
          {...fieldProps(field, problems)}
          className={`text-input run-input${mono ? ' mono' : ''}`}
          value={value}
          placeholder={placeholder}
          list={list}
          autoFocus={autoFocus}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
        />
        {trailing}
      </div>
      {hint && !problems?.length && <div className="run-field__hint">{hint}</div>}
      <Problems field={field} problems={problems} />
    </div>
  );
}
