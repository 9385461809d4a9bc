/** The processes running in the container, as `top` lists them, read again every few seconds while shown. */
import { useEffect, useState } from 'react';
import type { ProcessList } from '../../../../engine/contract/container-details-types';
import { client } from '../../app/contract-client';
import { Spinner } from '../../components/Spinner';
import { Placeholder } from '../../components/Placeholder';

function useProcesses(id: string, running: boolean): { list?: ProcessList; error?: string } {
  const [state, setState] = useState<{ list?: ProcessList; error?: string }>({});
  useEffect(() => {
    if (!running) return;
    setState({});
    const session = client.open('container.top', { id }, {
      onData: (list) => setState({ list }),
      onEnd: (error) => {
        if (error) setState((s) => ({ ...s, error: error.message }));
      },
    });
    return () => session.close();
  }, [id, running]);
  return state;
}

/** Columns worth a fixed width; COMMAND (or CMD) takes the rest. */
const NARROW = new Set(['UID', 'USER', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', '%CPU', '%MEM', 'VSZ', 'RSS', 'STAT', 'START']);

export function ProcessesTab({ id, name, running }: { id: string; name: string; running: boolean }) {
  const { list, error } = useProcesses(id, running);
  if (!running) {
    return (
      <Placeholder testId="processes-tab" title={<>{name} is not running</>}>
        A stopped container has no processes. Start it to see them here.
      </Placeholder>
    );
  }
  if (error && !list) {
    return (
      <Placeholder role="alert" testId="processes-tab" title="Could not list the processes">
        {error}
      </Placeholder>
    );
  }
  if (!list) {
    return (
      <div className="placeholder" role="status" data-testid="processes-tab">
        <Spinner />
        <p>Listing processes…</p>
      </div>
    );
  }
  return (
    <div className="processes-tab" data-testid="processes-tab">
      <p className="muted tab-note">
        {list.processes.length === 1 ? '1 process' : `${list.processes.length} processes`}, as seen from the engine’s machine; updated every
        two seconds.
      </p>
      <div className="table-scroll processes-tab__scroll">
        <table className="detail-table processes-table">
          <thead>
            <tr>
              {list.titles.map((t) => (
                <th key={t} scope="col" className={NARROW.has(t) ? 'is-narrow' : undefined}>
                  {t}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.processes.map((p, i) => (
              <tr key={`${p[list.titles.indexOf('PID')] ?? i}`} data-testid="process-row">
                {p.map((cell, j) => (
                  <td key={j} className={NARROW.has(list.titles[j] ?? '') ? 'mono is-narrow' : 'mono'}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
