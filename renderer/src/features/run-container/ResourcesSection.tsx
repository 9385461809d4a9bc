/** CPU and memory limits. */
import { TextField } from './Field';
import type { SectionProps } from './section';

export function ResourcesSection({ form, change, problems }: SectionProps) {
  return (
    <div className="run-grid run-grid--2">
      <TextField
        field="cpus"
        label="CPUs"
        value={form.cpus}
        onChange={(cpus) => change((f) => ({ ...f, cpus }))}
        problems={problems.byField.get('cpus')}
        placeholder="No limit"
        hint="How many CPUs it may use, e.g. 0.5 or 2."
      />
      <TextField
        field="memory"
        label="Memory"
        value={form.memory}
        onChange={(memory) => change((f) => ({ ...f, memory }))}
        problems={problems.byField.get('memory')}
        placeholder="No limit"
        hint="The most it may use, e.g. 512m or 2g; past it, its processes are killed."
      />
    </div>
  );
}
