/** Which network the container joins, and whether the engine restarts it. */
import type { RestartPolicyName } from '../../../../engine/contract/run-types';
import { fieldId, fieldProps, Problems } from './Field';
import { useRunChoices } from './api';
import { sharedContainer } from './model/form';
import type { SectionProps } from './section';

const BUILT_IN = new Set(['bridge', 'host', 'none']);
const SHARE = 'container:';

const restartHints: Record<RestartPolicyName, string> = {
  no: 'Stays stopped when it exits or the engine restarts.',
  'on-failure': 'Restarted when it exits with an error.',
  always: 'Restarted whenever it stops, and when the engine starts.',
  'unless-stopped': 'Like always, unless you stopped it yourself.',
};

export function NetworkSection({ form, change, problems }: SectionProps) {
  const networks = useRunChoices('networks');
  const containers = useRunChoices('containers');
  const shared = sharedContainer(form.network);
  const userNetworks = (networks.data ?? []).filter((n) => !BUILT_IN.has(n.name));
  const known = form.network === '' || BUILT_IN.has(form.network) || shared !== undefined || userNetworks.some((n) => n.name === form.network);
  const selectValue = shared !== undefined ? SHARE : form.network;

  return (
    <section className="run-section" aria-labelledby="run-network-title">
      <div className="run-section__head">
        <h3 id="run-network-title">Network and restarts</h3>
      </div>
      <div className="run-grid run-grid--2">
        <div className="run-field">
          <label className="run-field__label" htmlFor={fieldId('network')}>
            Network
          </label>
          <div className="run-field__control">
            <select
              id={fieldId('network')}
              className="select run-input"
              value={selectValue}
              aria-describedby={problems.byField.get('network')?.length ? `${fieldId('network')}-problems` : undefined}
              onChange={(e) => change((f) => ({ ...f, network: e.target.value === SHARE ? `${SHARE}${shared ?? ''}` : e.target.value }))}
            >
              <option value="">Default bridge</option>
              {userNetworks.map((n) => (
                <option key={n.name} value={n.name}>
                  {n.name} ({n.detail})
                </option>
              ))}
              {!known && <option value={form.network}>{form.network} (not on this engine)</option>}
              <option value="host">Host: this machine’s network</option>
              <option value="none">None: no network</option>
              <option value={SHARE}>Another container’s network…</option>
            </select>
            {shared !== undefined && (
              <>
                <input
                  {...fieldProps('network-container', undefined)}
                  className="text-input run-input mono"
                  aria-label="Container whose network to share"
                  placeholder="container name"
                  list="run-container-names"
                  value={shared}
                  onChange={(e) => change((f) => ({ ...f, network: `${SHARE}${e.target.value}` }))}
                />
                <datalist id="run-container-names">
                  {containers.data?.map((c) => <option key={c.name} value={c.name} />)}
                </datalist>
              </>
            )}
          </div>
          <Problems field="network" problems={problems.byField.get('network')} />
        </div>
        <div className="run-field">
          <label className="run-field__label" htmlFor={fieldId('restart')}>
            Restart policy
          </label>
          <div className="run-field__control">
            <select
              id={fieldId('restart')}
              className="select run-input"
              value={form.restart}
              aria-describedby={problems.byField.get('restart')?.length ? `${fieldId('restart')}-problems` : undefined}
              onChange={(e) => change((f) => ({ ...f, restart: e.target.value as RestartPolicyName }))}
            >
              <option value="no">No</option>
              <option value="on-failure">On failure</option>
              <option value="always">Always</option>
              <option value="unless-stopped">Unless stopped</option>
            </select>
            {form.restart === 'on-failure' && (
              <input
                {...fieldProps('maxRetries', problems.byField.get('maxRetries'))}
                className="text-input run-input run-input--short"
                aria-label="Maximum retries"
                placeholder="no limit"
                inputMode="numeric"
                value={form.maxRetries}
                onChange={(e) => change((f) => ({ ...f, maxRetries: e.target.value }))}
              />
            )}
          </div>
          {!problems.byField.get('restart')?.length && <div className="run-field__hint">{restartHints[form.restart]}</div>}
          <Problems field="restart" problems={problems.byField.get('restart')} />
          <Problems field="maxRetries" problems={problems.byField.get('maxRetries')} />
        </div>
      </div>
    </section>
  );
}
