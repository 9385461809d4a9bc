/** Published ports: one row per host port → container port, plus "every exposed port". */
import { CloseIcon } from '../../components/icons';
import { fieldProps, Problems } from './Field';
import type { PortRow, Protocol } from './model/form';
import { emptyPort } from './model/form';
import type { SectionProps } from './section';
import { removeAt, replaceAt } from './section';

export function PortsSection({ form, change, problems }: SectionProps) {
  const set = (i: number, row: PortRow) => change((f) => ({ ...f, ports: replaceAt(f.ports, i, row) }));
  return (
    <section className="run-section" aria-labelledby="run-ports-title">
      <div className="run-section__head">
        <h3 id="run-ports-title">Ports</h3>
        <button type="button" className="button button--quiet run-add" onClick={() => change((f) => ({ ...f, ports: [...f.ports, emptyPort()] }))}>
          + Add port
        </button>
      </div>
      {form.ports.length > 0 && (
        <div className="run-rows" role="group" aria-label="Published ports">
          <div className="run-row run-row--ports run-row--head" aria-hidden="true">
            <span>Host IP</span>
            <span>Host port</span>
            <span />
            <span>Container port</span>
            <span>Protocol</span>
            <span />
          </div>
          {form.ports.map((p, i) => {
            const n = i + 1;
            const at = (part: string) => `ports.${i}.${part}`;
            return (
              <div key={i} className="run-row-wrap" data-testid="port-row">
                <div className="run-row run-row--ports">
                  <input
                    {...fieldProps(at('hostIp'), problems.byField.get(at('hostIp')))}
                    className="text-input mono"
                    aria-label={`Host IP of port ${n}`}
                    placeholder="all addresses"
                    value={p.hostIp}
                    onChange={(e) => set(i, { ...p, hostIp: e.target.value })}
                  />
                  <input
                    {...fieldProps(at('hostPort'), problems.byField.get(at('hostPort')))}
                    className="text-input mono"
                    aria-label={`Host port of port ${n}`}
                    placeholder="any free"
                    inputMode="numeric"
                    value={p.hostPort}
                    onChange={(e) => set(i, { ...p, hostPort: e.target.value })}
                  />
                  <span className="run-row__arrow" aria-hidden="true">→</span>
                  <input
                    {...fieldProps(at('containerPort'), problems.byField.get(at('containerPort')))}
                    className="text-input mono"
                    aria-label={`Container port of port ${n}`}
                    placeholder="80"
                    inputMode="numeric"
                    value={p.containerPort}
                    onChange={(e) => set(i, { ...p, containerPort: e.target.value })}
                  />
                  <select className="select" aria-label={`Protocol of port ${n}`} value={p.protocol} onChange={(e) => set(i, { ...p, protocol: e.target.value as Protocol })}>
                    <option value="tcp">TCP</option>
                    <option value="udp">UDP</option>
                    <option value="sctp">SCTP</option>
                  </select>
                  <button type="button" className="icon-button" aria-label={`Remove port ${n}`} title="Remove" onClick={() => change((f) => ({ ...f, ports: removeAt(f.ports, i) }))}>
                    <CloseIcon />
                  </button>
                </div>
                {['hostIp', 'hostPort', 'containerPort'].map((part) => (
                  <Problems key={part} field={at(part)} problems={problems.byField.get(at(part))} />
                ))}
              </div>
            );
          })}
        </div>
      )}
      <label className="run-check">
        <input type="checkbox" checked={form.publishAll} onChange={(e) => change((f) => ({ ...f, publishAll: e.target.checked }))} />
        <span>
          Publish every port the image exposes, on free host ports <code>-P</code>
        </span>
      </label>
    </section>
  );
}
