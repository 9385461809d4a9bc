/**
 * One service: what it is, its tasks (node, state, desired state, error, since) live, the rolling update
 * task by task, and its log from every node; scale, change, roll back, remove.
 */
import { useState } from 'react';
import type { ServiceDetails, ServiceTask } from '../../../../engine/contract/swarm-types';
import { href, navigate } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, FormDialog } from '../../components/FormDialog';
import { RelativeTime } from '../../components/RelativeTime';
import { ContainerLogs } from '../container-logs/ContainerLogs';
import { useService, useSwarmAction } from './api';
import { useManagerGate } from './ManagerGate';
import { ServiceDialog } from './ServiceDialog';
import { portText } from './ServicesPage';
import { type Column, DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import '../images/images.css';
import '../../styles/resource-pages.css';
import './swarm.css';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function Rollout({ d }: { d: ServiceDetails }) {
  const u = d.service.update;
  if (!u) return null;
  const live = d.tasks.filter((t) => t.desiredState === 'running');
  const done = live.filter((t) => t.current && t.state === 'running').length;
  const rolling = u.state === 'updating' || u.state === 'rollback_started';
  const total = Math.max(live.length, d.service.desired, 1);
  return (
    <section className="rollout" aria-label="Rolling update" data-testid="rollout">
      <div>
        <strong>{u.state.replace(/_/g, ' ')}</strong>
        {rolling && ` · ${done} of ${total} tasks on the new spec`}
        {u.message && <span className="muted"> — {u.message}</span>}
      </div>
      {rolling && (
        <div className="rollout__bar" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
          <div className="rollout__done" style={{ width: `${(100 * done) / total}%` }} />
        </div>
      )}
    </section>
  );
}

function TaskRow({ t }: { t: ServiceTask }) {
  return (
    <tr data-testid={`task-${t.id}`} className={t.desiredState === 'running' ? undefined : 'muted'}>
      <td className="mono">{t.name}</td>
      <td>{t.nodeHostname ?? (t.nodeId ? t.nodeId.slice(0, 12) : 'not placed yet')}</td>
      <td className={`task-state--${t.state}`} data-testid="task-state">
        {t.state}
      </td>
      <td>{t.desiredState}</td>
      <td className="mono">
        {t.image}
        {!t.current && <span className="badge">previous spec</span>}
      </td>
      <td>{t.error ?? (t.state !== 'running' ? t.message : '') ?? ''}</td>
      <td>
        <RelativeTime epochSeconds={seconds(t.since)} />
      </td>
    </tr>
  );
}

const taskColumns: (Column | string)[] = ['Task', 'Node', 'State', 'Desired', 'Image', 'Error', 'Since'];

function Tasks({ tasks }: { tasks: ServiceTask[] }) {
  const [history, setHistory] = useState(false);
  const shown = history ? tasks : tasks.filter((t) => t.desiredState === 'running' || ['running', 'starting', 'preparing'].includes(t.state));
  return (
    <>
      <label className="choice">
        <input type="checkbox" checked={history} onChange={(e) => setHistory(e.target.checked)} />
        <span>Show finished tasks too ({tasks.length - tasks.filter((t) => t.desiredState === 'running').length})</span>
      </label>
      <DataTable label="Tasks" columns={taskColumns}>
        <tbody>
          {shown.map((t) => (
            <TaskRow key={t.id} t={t} />
          ))}
        </tbody>
      </DataTable>
    </>
  );
}

function ScaleDialog({ d, onClose }: { d: ServiceDetails; onClose(): void }) {
  const scale = useSwarmAction('services.scale');
  const [n, setN] = useState(String(d.service.desired));
  const value = Number(n);
  const problem = !/^\d+$/.test(n.trim()) ? 'A whole number of tasks, 0 or more.' : undefined;
  return (
    <FormDialog title={`Scale ${d.service.name}`} submitLabel="Scale" busy={scale.isPending} blocked={Boolean(problem)} error={scale.error} onCancel={onClose} onSubmit={() => scale.mutate({ id: d.service.id, replicas: value }, { onSuccess: onClose })}>
      <Field label="Replicas" value={n} onChange={setN} mono problem={problem} hint="0 stops every task and keeps the service." />
    </FormDialog>
  );
}

type Open = 'scale' | 'edit' | 'rollback' | 'remove' | undefined;

export function ServiceDetailsPage({ id, tab }: { id: string; tab?: string }) {
  const service = useService(id);
  const gate = useManagerGate(service, { loading: 'Loading the service…', failed: 'Could not read the service' });
  const [open, setOpen] = useState<Open>();
  const rollback = useSwarmAction('services.rollback', () => 'Could not roll back');
  const remove = useSwarmAction('services.remove', () => 'Could not remove the service');
  const d = service.data;
  const onLogs = tab === 'logs';
  return (
    <Page
      titleId="service-title"
      back={{ href: href('services'), label: 'Services' }}
      title={d?.service.name ?? id.slice(0, 12)}
      meta={d && <>{d.service.mode} · {d.service.running}/{d.service.desired} running</>}
      tools={
        d && (
          <>
            {d.service.mode === 'replicated' && (
              <button type="button" className="button" onClick={() => setOpen('scale')}>
                Scale
              </button>
            )}
            <button type="button" className="button" onClick={() => setOpen('edit')}>
              Change
            </button>
            <button type="button" className="button" disabled={!d.service.canRollback} title={d.service.canRollback ? 'Back to the spec before the last update' : 'Not updated yet'} onClick={() => setOpen('rollback')}>
              Roll back
            </button>
            <button type="button" className="button button--danger" onClick={() => setOpen('remove')}>
              Remove
            </button>
          </>
        )
      }
      dialogs={
        <>
          {d && open === 'scale' && <ScaleDialog d={d} onClose={() => setOpen(undefined)} />}
          {d && open === 'edit' && <ServiceDialog initial={d.form} editing={d.service.id} onClose={() => setOpen(undefined)} />}
          {d && open === 'rollback' && (
            <ConfirmDialog title={`Roll ${d.service.name} back?`} confirmLabel="Roll back" onCancel={() => setOpen(undefined)} onConfirm={() => (setOpen(undefined), rollback.mutate({ id: d.service.id }))}>
              <p>The service goes back to its spec before the last update; its tasks are replaced as its rollback settings say.</p>
            </ConfirmDialog>
          )}
          {d && open === 'remove' && (
            <ConfirmDialog
              title={`Remove ${d.service.name}?`}
              confirmLabel="Remove"
              danger
              onCancel={() => setOpen(undefined)}
              onConfirm={() => {
                setOpen(undefined);
                remove.mutate({ id: d.service.id }, { onSuccess: () => navigate('services') });
              }}
            >
              <p>
                Its {d.service.running} running {d.service.running === 1 ? 'task stops' : 'tasks stop'} on every node, and its log goes with it. Volumes it used are kept.
              </p>
            </ConfirmDialog>
          )}
        </>
      }
    >
      {gate ??
        (d && (
          <>
            <dl className="facts facts--boxed">
              <dt>Image</dt>
              <dd className="mono">{d.service.image}</dd>
              <dt>Ports</dt>
              <dd className="mono">{d.service.ports.map(portText).join(', ') || 'none'}</dd>
              {d.service.stack && (
                <>
                  <dt>Stack</dt>
                  <dd>
                    <a href={href('stacks')}>{d.service.stack}</a>
                  </dd>
                </>
              )}
              <dt>Updated</dt>
              <dd>
                <RelativeTime epochSeconds={seconds(d.service.updatedAt)} />
              </dd>
            </dl>
            <Rollout d={d} />
            <nav className="swarm-tabs" aria-label="Service">
              <a className={`button${onLogs ? '' : ' button--primary'}`} href={href('service', { id })} aria-current={onLogs ? undefined : 'page'}>
                Tasks
              </a>
              <a className={`button${onLogs ? ' button--primary' : ''}`} href={href('service', { id, tab: 'logs' })} aria-current={onLogs ? 'page' : undefined}>
                Logs
              </a>
            </nav>
            {onLogs ? <ContainerLogs containerId={d.service.id} service={{ name: d.service.name, running: d.service.running > 0 }} /> : <Tasks tasks={d.tasks} />}
          </>
        ))}
    </Page>
  );
}
