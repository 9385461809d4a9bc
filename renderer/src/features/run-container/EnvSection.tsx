/** Environment variables, typed one by one or loaded from an env file. */
import { useRef, useState } from 'react';
import { KeyValueRows } from './KeyValueRows';
import { emptyKeyValue, parseEnvFile } from './model/form';
import type { SectionProps } from './section';

export function EnvSection({ form, change, problems }: SectionProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [loaded, setLoaded] = useState<string | null>(null);

  const load = async (file: File) => {
    const { rows, withoutValue } = parseEnvFile(await file.text());
    change((f) => {
      // A variable already in the form takes the file's value, as a later --env-file would.
      const keys = new Set(rows.map((r) => r.key));
      return { ...f, env: [...f.env.filter((r) => !keys.has(r.key.trim())), ...rows] };
    });
    const skipped = withoutValue.length ? ` ${withoutValue.join(', ')} ${withoutValue.length === 1 ? 'has' : 'have'} no value in the file and ${withoutValue.length === 1 ? 'was' : 'were'} left out.` : '';
    setLoaded(`Loaded ${rows.length} ${rows.length === 1 ? 'variable' : 'variables'} from ${file.name}.${skipped}`);
  };

  return (
    <section className="run-section" aria-labelledby="run-env-title">
      <div className="run-section__head">
        <h3 id="run-env-title">Environment</h3>
        <button type="button" className="button button--quiet run-add" onClick={() => change((f) => ({ ...f, env: [...f.env, emptyKeyValue()] }))}>
          + Add variable
        </button>
        <button type="button" className="button button--quiet run-add" onClick={() => fileInput.current?.click()}>
          Load env file…
        </button>
        <input
          ref={fileInput}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void load(file);
          }}
        />
      </div>
      {loaded && (
        <p className="run-note" role="status">
          {loaded}
        </p>
      )}
      <KeyValueRows field="env" noun="variable" rows={form.env} onChange={(env) => change((f) => ({ ...f, env }))} problems={problems} keyPlaceholder="NAME" />
    </section>
  );
}
