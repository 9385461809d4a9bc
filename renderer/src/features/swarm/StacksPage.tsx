/** Stacks: Compose files deployed to the swarm, with their services; deploy, redeploy, remove. */
import { useState } from 'react';
import type { StackSummary } from '../../../../engine/contract/swarm-types';
import { href } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, FormDialog } from '../../components/FormDialog';
import { plural } from '../../components/format';
import { PlusIcon } from '../../components/icons';
import { useStacks, useSwarmAction } from './api';
import { useManagerGate } from './ManagerGate';
import { readAsText } from './read-file';
import { Page } from '../../components/Page';
import { Placeholder } from '../../components/Placeholder';
import '../images/images.css';
import '../../styles/resource-pages.css';
import './swarm.css';

function DeployDialog({ name: fixedName, onClose }: { name?: string; onClose(): void }) {
  const deploy = useSwarmAction('stacks.deploy');
  const [name, setName] = useState(fixedName ?? '');
  const [compose, setCompose] = useState('');
  const nameProblem = name && !/^[a-zA-Z0-9](?:[a-zA-Z0-9-_]*[a-zA-Z0-9])?$/.test(name.trim()) ? 'Letters, digits, dashes and underscores, starting and ending with a letter or digit.' : undefined;
  return (
    <FormDialog
      title={fixedName ? `Redeploy ${fixedName}` : 'Deploy a stack'}
      submitLabel={fixedName ? 'Redeploy' : 'Deploy'}
      busy={deploy.isPending}
      blocked={!name.trim() || Boolean(nameProblem) || !compose.trim()}
      wide
      testId="deploy-stack-dialog"
      error={deploy.error}
      onCancel={onClose}
      onSubmit={() => deploy.mutate({ name: name.trim(), compose }, { onSuccess: onClose })}
    >
      {!fixedName && <Field label="Stack name" value={name} onChange={setName} mono placeholder="shop" problem={nameProblem} hint="Its services, networks, secrets and configs are named <stack>_<name>." />}
      <label className="field">
        <span className="field__label">Compose file</span>
        <input type="file" accept=".yml,.yaml,application/yaml,text/yaml" aria-label="Choose a Compose file" onChange={(e) => void (e.target.files?.[0] && readAsText(e.target.files[0]).then(setCompose))} />
        <textarea className="text-input swarm-textarea swarm-textarea--tall" aria-label="Compose file" value={compose} spellCheck={false} onChange={(e) => setCompose(e.target.value)} placeholder={'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: 2'} />
        <span className="field__hint">
          Deployed by the docker CLI, exactly as “docker stack deploy -c FILE {name.trim() || 'NAME'}” does; the file is checked before anything is made. Files it refers to (secrets: file:) are not available here: create those secrets first and mark them external.
        </span>
      </label>
    </FormDialog>
  );
}

function StackCard({ stack, onRedeploy, onRemove }: { stack: StackSummary; onRedeploy(): void; onRemove(): void }) {
  return (
    <article className="swarm-card" data-testid={`stack-${stack.name}`}>
      <h2>{stack.name}</h2>
      <ul>
        {stack.services.map((s) => (
          <li key={s.id}>
            <a href={href('service', { id: s.id })}>{s.name}</a> <span className="mono muted">{s.image}</span>{' '}
            <span className={`badge ${s.running < s.desired ? 'badge--warning' : 'badge--success'}`}>
              {s.running}/{s.desired}
            </span>
          </li>
        ))}
      </ul>
      <div className="muted">
        {[stack.networks.length && plural(stack.networks.length, 'network'), stack.secrets.length && plural(stack.secrets.length, 'secret'), stack.configs.length && plural(stack.configs.length, 'config')].filter(Boolean).join(' · ')}
      </div>
      <div className="swarm-actions">
        <button type="button" className="button" onClick={onRedeploy}>
          Redeploy
        </button>
        <button type="button" className="button button--danger" onClick={onRemove}>
          Remove
        </button>
      </div>
    </article>
  );
}

export function StacksPage() {
  const stacks = useStacks();
  const gate = useManagerGate(stacks, { loading: 'Loading stacks…', failed: 'Could not list the stacks' });
  const [deploying, setDeploying] = useState<{ name?: string }>();
  const [removing, setRemoving] = useState<StackSummary>();
  const remove = useSwarmAction('stacks.remove', (i) => `Could not remove the stack ${i.name}`);
  const list = stacks.data ?? [];
  return (
    <Page
      titleId="stacks-title"
      title="Stacks"
      meta={!gate && plural(list.length, 'stack')}
      tools={
        !gate && (
          <>
            <button type="button" className="button button--primary" onClick={() => setDeploying({})}>
              <PlusIcon />
              Deploy
            </button>
          </>
        )
      }
      dialogs={
        <>
          {deploying && <DeployDialog name={deploying.name} onClose={() => setDeploying(undefined)} />}
          {removing && (
            <ConfirmDialog title={`Remove the stack ${removing.name}?`} confirmLabel="Remove" danger onCancel={() => setRemoving(undefined)} onConfirm={() => (setRemoving(undefined), remove.mutate({ name: removing.name }))}>
              <p>
                Its {plural(removing.services.length, 'service')} stop on every node, and its networks, secrets and configs are removed. Volumes are kept.
              </p>
            </ConfirmDialog>
          )}
        </>
      }
    >
      {gate ??
        (list.length ? (
          <div className="swarm-grid">
            {list.map((s) => (
              <StackCard key={s.name} stack={s} onRedeploy={() => setDeploying({ name: s.name })} onRemove={() => setRemoving(s)} />
            ))}
          </div>
        ) : (
          <Placeholder title="No stacks yet">
            A stack is a Compose file deployed to the swarm: its services, networks, secrets and configs, under one name.
          </Placeholder>
        ))}
    </Page>
  );
}
