/** Labels and the switches: auto-remove, interactive terminal, init, privileged (with what it allows). */
import { KeyValueRows } from './KeyValueRows';
import { emptyKeyValue } from './model/form';
import type { RunForm } from './model/form';
import type { SectionProps } from './section';

type Switch = 'autoRemove' | 'interactive' | 'tty' | 'init' | 'privileged';

const switches: { key: Switch; label: string; flag: string; hint: string }[] = [
  { key: 'autoRemove', label: 'Remove the container when it stops', flag: '--rm', hint: 'Its files go with it; volumes with a name stay.' },
  { key: 'interactive', label: 'Keep its input open', flag: '-i', hint: 'So a terminal can attach to its main process.' },
  { key: 'tty', label: 'Give it a terminal', flag: '-t', hint: 'For shells and programs that draw on the screen.' },
  { key: 'init', label: 'Run an init process', flag: '--init', hint: 'Forwards signals and reaps zombies, so it stops promptly.' },
  { key: 'privileged', label: 'Privileged', flag: '--privileged', hint: '' },
];

export function AdvancedSection({ form, change, problems }: SectionProps) {
  const toggle = (key: Switch, on: boolean) => change((f): RunForm => ({ ...f, [key]: on }));
  return (
    <div className="run-advanced">
      <div className="run-switches">
        {switches.map((s) => (
          <label key={s.key} className="run-check">
            <input type="checkbox" checked={form[s.key]} onChange={(e) => toggle(s.key, e.target.checked)} />
            <span>
              {s.label} <code>{s.flag}</code>
              {s.hint && <span className="run-check__hint">{s.hint}</span>}
            </span>
          </label>
        ))}
      </div>
      {form.privileged && (
        <p className="run-warning" role="note" data-testid="privileged-warning">
          A privileged container can do nearly anything root can do on the machine the engine runs on: use every device, change
          kernel settings, and break out of the container. Only run images you trust this way.
        </p>
      )}
      <div className="run-section__head run-section__head--sub">
        <h4>Labels</h4>
        <button type="button" className="button button--quiet run-add" onClick={() => change((f) => ({ ...f, labels: [...f.labels, emptyKeyValue()] }))}>
          + Add label
        </button>
      </div>
      <KeyValueRows field="labels" noun="label" rows={form.labels} onChange={(labels) => change((f) => ({ ...f, labels }))} problems={problems} keyPlaceholder="com.example.team" />
    </div>
  );
}
