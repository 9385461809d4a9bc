/** The engine switcher, always in the sidebar: every engine Berth found, the window's own checked. */
import { useId } from 'react';
import { useEngineList, useEngineStatus } from './api';
import { switchEngine } from './switch-engine';

export function EngineSwitcher() {
  const list = useEngineList();
  const current = useEngineStatus().data?.endpoint;
  const id = useId();
  const engines = list.data ?? (current ? [{ ...current }] : []);
  if (engines.length < 2 && !list.isPending) return null;
  return (
    <div className="engine-switcher">
      <label htmlFor={id} className="visually-hidden">
        Engine of this window
      </label>
      <select
        id={id}
        className="engine-switcher__select"
        data-testid="engine-switcher"
        value={current?.id ?? ''}
        onChange={(e) => {
          const chosen = engines.find((x) => x.id === e.target.value);
          if (chosen) void switchEngine(chosen);
        }}
      >
        {!current && <option value="">No engine</option>}
        {engines.map((e) => (
          <option key={e.id} value={e.id}>
            {e.label}
            {e.reachable === false ? ' (not answering)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
