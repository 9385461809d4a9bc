/**
 * "Other options": every `docker run` flag the form has no field for, one row each, as it would be
 * written on the command line. They reach the engine exactly as the docker CLI would send them
 * (model/other-options.ts), and show in the command below the form.
 */
import { useId } from 'react';
import { CloseIcon } from '../../components/icons';
import { fieldProps, Problems } from './Field';
import { emptyOption } from './model/form';
import type { OptionRow } from './model/form';
import { OTHER_OPTIONS, OTHER_OPTION_NAMES } from './model/other-options';
import type { SectionProps } from './section';
import { removeAt, replaceAt } from './section';

export function OtherOptionsSection({ form, change, problems }: SectionProps) {
  const listId = useId();
  const rows = form.options;
  const set = (options: OptionRow[]) => change((f) => ({ ...f, options }));
  return (
    <div className="run-other-options">
      <p className="run-note">
        Any other <code>docker run</code> option, written as on the command line: <code>--cap-add</code> <code>NET_ADMIN</code>,{' '}
        <code>--tmpfs</code> <code>/run:size=64m</code>. Switches such as <code>--read-only</code> need no value.
      </p>
      <datalist id={listId}>
        {OTHER_OPTION_NAMES.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {rows.length > 0 && (
        <div className="run-rows" role="group" aria-label="Other options">
          {rows.map((row, i) => {
            const n = i + 1;
            const valueField = `options.${i}.value`;
            const option = OTHER_OPTIONS[row.flag];
            return (
              <div key={i} className="run-row-wrap" data-testid="options-row">
                <div className="run-row run-row--option">
                  <span className="run-row__dashes mono" aria-hidden="true">
                    --
                  </span>
                  <input
                    {...fieldProps(`options.${i}.flag`, undefined)}
                    className="text-input mono"
                    aria-label={`Option ${n}`}
                    placeholder="cap-add"
                    list={listId}
                    value={row.flag}
                    spellCheck={false}
                    autoComplete="off"
                    // Typed with or without its dashes: the dashes are shown before the input.
                    onChange={(e) => set(replaceAt(rows, i, { ...row, flag: e.target.value.replace(/^-+/, '') }))}
                  />
                  <input
                    {...fieldProps(valueField, problems.byField.get(valueField))}
                    className="text-input mono"
                    aria-label={`Value of option ${n}`}
                    placeholder={option?.isSwitch ? 'on (or false)' : (option?.example ?? 'value')}
                    value={row.value}
                    spellCheck={false}
                    autoComplete="off"
                    onChange={(e) => set(replaceAt(rows, i, { ...row, value: e.target.value }))}
                  />
                  <button type="button" className="icon-button" aria-label={`Remove option ${n}`} title="Remove" onClick={() => set(removeAt(rows, i))}>
                    <CloseIcon />
                  </button>
                </div>
                <Problems field={valueField} problems={problems.byField.get(valueField)} />
              </div>
            );
          })}
        </div>
      )}
      <button type="button" className="button button--quiet run-add" onClick={() => set([...rows, emptyOption()])}>
        + Add option
      </button>
    </div>
  );
}
