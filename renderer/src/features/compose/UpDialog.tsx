/** Up: which services to start (with what they depend on, as Compose does), and whether to build first. */
import { useState } from 'react';
import type { ComposeServiceDefinition } from '../../../../engine/contract/compose-types';
import { FormDialog } from '../../components/FormDialog';
import { runCompose } from './tasks';

export function UpDialog({ project, services, onClose }: { project: string; services: ComposeServiceDefinition[]; onClose(): void }) {
  const [chosen, setChosen] = useState(() => new Set(services.map((s) => s.name)));
  const [build, setBuild] = useState(false);
  const [forceRecreate, setForceRecreate] = useState(false);
  const all = chosen.size === services.length;
  const toggle = (name: string) =>
    setChosen((now) => {
      const next = new Set(now);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const submit = () => {
    runCompose(project, { action: 'up', services: all ? [] : services.filter((s) => chosen.has(s.name)).map((s) => s.name), build, forceRecreate });
    onClose();
  };
  return (
    <FormDialog title={`Up ${project}`} submitLabel="Up" blocked={chosen.size === 0} testId="compose-up-dialog" onSubmit={submit} onCancel={onClose}>
      <fieldset className="compose-choices">
        <legend>Services (the services they depend on start too)</legend>
        {services.map((s) => (
          <label key={s.name} className="checkbox-row">
            <input type="checkbox" checked={chosen.has(s.name)} onChange={() => toggle(s.name)} />
            {s.name}
            {s.build && <span className="muted"> · built</span>}
          </label>
        ))}
      </fieldset>
      <label className="checkbox-row">
        <input type="checkbox" checked={build} onChange={(e) => setBuild(e.target.checked)} />
        Build images again before starting
      </label>
      <label className="checkbox-row">
        <input type="checkbox" checked={forceRecreate} onChange={(e) => setForceRecreate(e.target.checked)} />
        Recreate containers even if nothing changed
      </label>
    </FormDialog>
  );
}
