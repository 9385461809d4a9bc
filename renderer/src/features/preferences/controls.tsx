/**
 * The controls of the Preferences page: a row with a label and a description, and the three kinds of
 * answer (on/off, one of a few, a number). Each saves as soon as it changes; a number only once it is
 * valid, and says what is wrong meanwhile.
 */
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { NumberLimit } from '../../../../engine/contract/preferences-types';

interface RowProps {
  label: string;
  description?: ReactNode;
  /** The id of the control, so the label names it. */
  htmlFor?: string;
  /** The id the control's aria-describedby points at. */
  descriptionId?: string;
  children: ReactNode;
  testId?: string;
}

export function SettingRow({ label, description, htmlFor, descriptionId, children, testId }: RowProps) {
  return (
    <div className="setting" data-testid={testId}>
      <div className="setting__text">
        {htmlFor ? (
          <label className="setting__label" htmlFor={htmlFor}>
            {label}
          </label>
        ) : (
          <span className="setting__label">{label}</span>
        )}
        {description && (
          <div className="setting__description" id={descriptionId}>
            {description}
          </div>
        )}
      </div>
      <div className="setting__control">{children}</div>
    </div>
  );
}

export function Switch({ label, description, checked, onChange, testId, disabled }: { label: string; description?: ReactNode; checked: boolean; onChange(on: boolean): void; testId?: string; disabled?: boolean }) {
  const id = useId();
  const descriptionId = useId();
  return (
    <SettingRow label={label} description={description} htmlFor={id} descriptionId={descriptionId} testId={testId}>
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        disabled={disabled}
        aria-describedby={description ? descriptionId : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
    </SettingRow>
  );
}

export interface ChoiceOption<V extends string> {
  value: V;
  label: string;
}

/** One of a few answers, as a segmented control of radio buttons (arrow keys move between them). */
export function Choice<V extends string>({
  label,
  description,
  value,
  options,
  onChange,
  testId,
  disabled,
}: {
  label: string;
  description?: ReactNode;
  value: V;
  options: ChoiceOption<V>[];
  onChange(value: V): void;
  testId?: string;
  disabled?: boolean;
}) {
  const name = useId();
  const descriptionId = useId();
  return (
    <SettingRow label={label} description={description} descriptionId={descriptionId} testId={testId}>
      <div className="pref-choice" role="radiogroup" aria-label={label} aria-describedby={description ? descriptionId : undefined}>
        {options.map((o) => (
          <label key={o.value} className="pref-choice__option">
            <input type="radio" name={name} value={o.value} checked={value === o.value} disabled={disabled} onChange={() => onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </SettingRow>
  );
}

interface NumberSettingProps {
  label: string;
  description?: ReactNode;
  value: number;
  limit: NumberLimit;
  /** What the number counts, after the field: "lines", "MB". */
  unit: string;
  onChange(value: number): void;
  testId?: string;
}

/** A whole number within limits; saved on Enter or when focus leaves, put back with Escape. */
export function NumberSetting({ label, description, value, limit, unit, onChange, testId }: NumberSettingProps) {
  const id = useId();
  const errorId = useId();
  const descriptionId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? String(value);
  const parsed = Number(text.trim());
  const problem =
    text.trim() === '' || !Number.isFinite(parsed) || !Number.isInteger(parsed)
      ? 'Enter a whole number.'
      : parsed < limit.min || parsed > limit.max
        ? `Enter a number from ${limit.min.toLocaleString()} to ${limit.max.toLocaleString()}.`
        : undefined;

  const commit = () => {
    if (draft === null || problem) return;
    setDraft(null);
    if (parsed !== value) onChange(parsed);
  };

  return (
    <SettingRow label={label} description={description} htmlFor={id} descriptionId={descriptionId} testId={testId}>
      <div className="number-setting">
        <span className="number-setting__field">
          <input
            id={id}
            className="text-input number-setting__input"
            inputMode="numeric"
            value={text}
            aria-invalid={problem ? true : undefined}
            aria-describedby={[problem && errorId, description && descriptionId].filter(Boolean).join(' ') || undefined}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
              if (e.key === 'Escape' && draft !== null) {
                e.stopPropagation();
                setDraft(null);
              }
            }}
          />
          <span className="number-setting__unit">{unit}</span>
        </span>
        {problem && (
          <span id={errorId} className="number-setting__error" role="alert">
            {problem}
          </span>
        )}
      </div>
    </SettingRow>
  );
}

/** A titled group of settings, with an optional note above it. */
export function Section({ title, note, children }: { title: string; note?: ReactNode; children: ReactNode }) {
  const id = `preferences-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="preferences__section" aria-labelledby={id}>
      <h2 id={id} className="preferences__title">
        {title}
      </h2>
      {note && <p className="preferences__note">{note}</p>}
      <div className="preferences__card">{children}</div>
    </section>
  );
}
