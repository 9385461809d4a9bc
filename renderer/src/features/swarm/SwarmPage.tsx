/**
 * The Swarm page: whether the engine in use is in a swarm and as what; create one or join one; the join
 * tokens (only when asked: whoever holds one can join), copied or rotated; leave.
 */
import { useState } from 'react';
import type { SwarmInfo } from '../../../../engine/contract/swarm-types';
import { href } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/FormDialog';
import { messageOf } from '../../components/toasts/store';
import { useEngineStatus } from '../engines/api';
import { pageGate } from '../engines/PageGate';
import { JoinTokensPanel } from './JoinTokensPanel';
import { useSwarmAction, useSwarmInfo } from './api';
import { Page } from '../../components/Page';
import '../images/images.css';
import '../engines/engines.css';
import '../../styles/resource-pages.css';
import './swarm.css';

function CreateOrJoin() {
  const init = useSwarmAction('swarm.init');
  const join = useSwarmAction('swarm.join');
  const [advertise, setAdvertise] = useState('');
  const [manager, setManager] = useState('');
  const [token, setToken] = useState('');
  const [joinAdvertise, setJoinAdvertise] = useState('');
  return (
    <div className="swarm-grid">
      <form
        className="swarm-card"
        aria-labelledby="init-title"
        onSubmit={(e) => {
          e.preventDefault();
          init.mutate({ advertiseAddress: advertise.trim() });
        }}
      >
        <h2 id="init-title">Create a swarm</h2>
        <p className="muted">This engine becomes the swarm’s first manager. Other engines then join it with a token shown here.</p>
        <Field label="Address to advertise" value={advertise} onChange={setAdvertise} mono placeholder="10.0.0.5" hint="Optional: needed when the machine has more than one address. Other nodes reach this one there, on port 2377." />
        {init.isError && (
          <p className="form-error" role="alert">
            {messageOf(init.error)}
          </p>
        )}
        <div>
          <button type="submit" className="button button--primary" disabled={init.isPending}>
            Create a swarm
          </button>
        </div>
      </form>
      <form
        className="swarm-card"
        aria-labelledby="join-title"
        onSubmit={(e) => {
          e.preventDefault();
          join.mutate({ managerAddress: manager.trim(), token: token.trim(), advertiseAddress: joinAdvertise.trim() });
        }}
      >
        <h2 id="join-title">Join a swarm</h2>
        <p className="muted">On a manager, show the join token for a worker or a manager, and paste it here.</p>
        <Field label="Manager address" value={manager} onChange={setManager} mono placeholder="10.0.0.5:2377" />
        <Field label="Join token" value={token} onChange={setToken} mono placeholder="SWMTKN-1-…" />
        <Field label="Address to advertise" value={joinAdvertise} onChange={setJoinAdvertise} mono placeholder="10.0.0.6" hint="Optional, as for creating one." />
        {join.isError && (
          <p className="form-error" role="alert">
            {messageOf(join.error)}
          </p>
        )}
        <div>
          <button type="submit" className="button button--primary" disabled={join.isPending || !manager.trim() || !token.trim()}>
            Join
          </button>
        </div>
      </form>
    </div>
  );
}

function Facts({ info }: { info: SwarmInfo }) {
  return (
    <dl className="facts facts--boxed">
      <dt>This engine</dt>
      <dd>{info.role === 'manager' ? 'Manager' : 'Worker'}</dd>
      <dt>State</dt>
      <dd>{info.state}{info.error ? ` — ${info.error}` : ''}</dd>
      {info.nodeAddress && (
        <>
          <dt>Address</dt>
          <dd className="mono">{info.nodeAddress}</dd>
        </>
      )}
      {info.nodes !== undefined && (
        <>
          <dt>Nodes</dt>
          <dd>
            {info.nodes} ({info.managers} {info.managers === 1 ? 'manager' : 'managers'})
          </dd>
        </>
      )}
      {info.createdAt && (
        <>
          <dt>Created</dt>
          <dd>{new Date(info.createdAt).toLocaleString()}</dd>
        </>
      )}
      {info.clusterId && (
        <>
          <dt>Swarm id</dt>
          <dd className="mono">{info.clusterId}</dd>
        </>
      )}
    </dl>
  );
}

function Leave({ info }: { info: SwarmInfo }) {
  const leave = useSwarmAction('swarm.leave', () => 'Could not leave the swarm');
  const [asking, setAsking] = useState(false);
  const manager = info.role === 'manager';
  const last = manager && info.managers === 1;
  return (
    <>
      <button type="button" className="button button--danger" onClick={() => setAsking(true)} disabled={leave.isPending}>
        Leave the swarm
      </button>
      {asking && (
        <ConfirmDialog
          title="Leave the swarm?"
          confirmLabel={manager ? 'Leave anyway' : 'Leave'}
          danger
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            leave.mutate({ force: manager });
          }}
        >
          {last ? (
            <p>This engine is the swarm’s only manager: leaving ends the swarm. Its services, stacks, secrets and configs are lost, and the other nodes are left without a manager.</p>
          ) : manager ? (
            <p>This engine is a manager: leaving takes it out of the swarm’s control plane. With fewer managers the swarm may lose its quorum and stop accepting changes. Demote it first to leave safely.</p>
          ) : (
            <p>This engine stops running the swarm’s tasks; the managers start them elsewhere. It shows as down on the Nodes page until it is removed there.</p>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}

export function SwarmPage() {
  const engine = useEngineStatus();
  const info = useSwarmInfo();
  const gate = pageGate(engine.data, info, { loading: 'Asking the engine about its swarm…', failed: 'Could not ask the engine about its swarm' });
  const i = info.data;
  let body;
  if (gate) body = gate;
  else if (!i || i.state === 'inactive') body = <CreateOrJoin />;
  else
    body = (
      <>
        <section className="swarm-section" aria-label="This engine in the swarm">
          <Facts info={i} />
        </section>
        {i.role === 'worker' ? (
          <section className="swarm-section" aria-label="What a worker shows">
            <p>
              This engine is a <strong>worker</strong>: it runs the tasks the managers give it, and its own containers (the swarm’s tasks
              among them) are on the Containers page. Only a manager knows the swarm’s nodes, services, stacks, secrets and configs: connect
              Berth to a manager{i.managerAddresses.length ? ` (${i.managerAddresses.join(', ')})` : ''} to see and change them, or promote this node from a manager.
            </p>
          </section>
        ) : (
          <section className="swarm-section" aria-labelledby="tokens-title">
            <h2 id="tokens-title" className="section-title">
              Join tokens
            </h2>
            <JoinTokensPanel />
            <p className="muted">
              See the <a href={href('nodes')}>nodes</a>, <a href={href('services')}>services</a>, <a href={href('stacks')}>stacks</a> and{' '}
              <a href={href('secrets')}>secrets and configs</a>.
            </p>
          </section>
        )}
        <Leave info={i} />
      </>
    );
  return (
    <Page
      titleId="swarm-title"
      title="Swarm"
      meta={i && i.state !== 'inactive' && (i.role === 'manager' ? 'manager' : 'worker')}
    >
      {body}
    </Page>
  );
}
