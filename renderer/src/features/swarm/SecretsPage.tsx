/**
 * Secrets and configs of the swarm: create from text or a file, list with the services using each,
 * remove. A secret's value is sent once, to the engine, and never shown again (the engine never gives it back).
 */
import { useState } from 'react';
import type { SwarmObject } from '../../../../engine/contract/swarm-types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, FormDialog } from '../../components/FormDialog';
import { PlusIcon } from '../../components/icons';
import { RelativeTime } from '../../components/RelativeTime';
import { KeyValueField, parseKeyValues } from '../../components/KeyValueField';
import { useConfigs, useSecrets, useSwarmAction } from './api';
import { useManagerGate } from './ManagerGate';
import { readAsBase64 } from './read-file';
import { type Column, DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import '../images/images.css';
import '../../styles/resource-pages.css';
import './swarm.css';

type Kind = 'secret' | 'config';

function CreateDialog({ kind, onClose }: { kind: Kind; onClose(): void }) {
  const create = useSwarmAction(kind === 'secret' ? 'secrets.create' : 'configs.create');
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ name: string; base64: string }>();
  const [labels, setLabels] = useState('');
  const parsed = parseKeyValues(labels);
  const nameProblem = name && !/^[a-zA-Z0-9]+(?:[a-zA-Z0-9._-]*[a-zA-Z0-9])?$/.test(name.trim()) ? 'Letters, digits, dots, dashes and underscores, starting and ending with a letter or digit.' : name.length > 64 ? 'At most 64 characters.' : undefined;
  const submit = () => {
    const value = file ? { encoding: 'base64' as const, data: file.base64 } : { encoding: 'text' as const, data: text };
    create.mutate({ name: name.trim(), value, labels: parsed.values ?? {} }, { onSuccess: onClose });
  };
  return (
    <FormDialog title={`Create a ${kind}`} submitLabel="Create" busy={create.isPending} blocked={!name.trim() || Boolean(nameProblem) || (!file && !text) || Boolean(parsed.problem)} wide error={create.error} onCancel={onClose} onSubmit={submit}>
      <Field label="Name" value={name} onChange={setName} mono placeholder={kind === 'secret' ? 'db-password' : 'app-conf'} problem={nameProblem} />
      <label className="field">
        <span className="field__label">Value</span>
        {file ? (
          <span>
            From the file <strong>{file.name}</strong>{' '}
            <button type="button" className="button button--quiet" onClick={() => setFile(undefined)}>
              Type it instead
            </button>
          </span>
        ) : (
          <>
            {kind === 'secret' ? (
              <input type="password" className="text-input mono" aria-label="Value" autoComplete="new-password" value={text} onChange={(e) => setText(e.target.value)} />
            ) : (
              <textarea className="text-input swarm-textarea" aria-label="Value" value={text} spellCheck={false} onChange={(e) => setText(e.target.value)} />
            )}
            <input type="file" aria-label="Or choose a file" onChange={(e) => void (e.target.files?.[0] && readAsBase64(e.target.files[0]).then((base64) => setFile({ name: e.target.files![0]!.name, base64 })))} />
          </>
        )}
        <span className="field__hint">
          {kind === 'secret'
            ? 'Sent once to the engine, which keeps it encrypted and gives it only to the services you attach it to (at /run/secrets/<name>). Berth does not keep it and cannot show it again.'
            : 'Up to 500 KB. Services mount it as a file.'}
        </span>
      </label>
      <KeyValueField label="Labels" value={labels} onChange={setLabels} placeholder="team=data" hint="Optional, one key=value a line." problem={parsed.problem} />
    </FormDialog>
  );
}

const objectColumns: (Column | string)[] = ['Name', 'Used by', 'Created', { header: 'Actions', hidden: true }];

function ObjectTable({ kind, list, onRemove }: { kind: Kind; list: SwarmObject[]; onRemove(o: SwarmObject): void }) {
  if (!list.length) return <p className="muted">No {kind}s yet.</p>;
  return (
    <DataTable label={kind === 'secret' ? 'Secrets' : 'Configs'} columns={objectColumns}>
      <tbody>
        {list.map((o) => (
          <tr key={o.id} data-testid={`${kind}-${o.name}`}>
            <td>
              <strong className="mono">{o.name}</strong>
              {o.stack && <span className="badge">stack {o.stack}</span>}
            </td>
            <td>{o.usedBy.join(', ') || '—'}</td>
            <td>
              <RelativeTime epochSeconds={Math.floor(Date.parse(o.createdAt) / 1000)} />
            </td>
            <td>
              <button type="button" className="button button--danger" onClick={() => onRemove(o)}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export function SecretsPage() {
  const secrets = useSecrets();
  const configs = useConfigs();
  const gate = useManagerGate(secrets, { loading: 'Loading secrets and configs…', failed: 'Could not list the secrets' });
  const [creating, setCreating] = useState<Kind>();
  const [removing, setRemoving] = useState<{ kind: Kind; o: SwarmObject }>();
  const removeSecret = useSwarmAction('secrets.remove', () => 'Could not remove the secret');
  const removeConfig = useSwarmAction('configs.remove', () => 'Could not remove the config');
  return (
    <Page
      titleId="secrets-title"
      title="Secrets and configs"
      tools={
        !gate && (
          <>
            <button type="button" className="button" onClick={() => setCreating('config')}>
              <PlusIcon />
              Config
            </button>
            <button type="button" className="button button--primary" onClick={() => setCreating('secret')}>
              <PlusIcon />
              Secret
            </button>
          </>
        )
      }
      dialogs={
        <>
          {creating && <CreateDialog kind={creating} onClose={() => setCreating(undefined)} />}
          {removing && (
            <ConfirmDialog
              title={`Remove the ${removing.kind} ${removing.o.name}?`}
              confirmLabel="Remove"
              danger
              onCancel={() => setRemoving(undefined)}
              onConfirm={() => {
                const { kind, o } = removing;
                setRemoving(undefined);
                (kind === 'secret' ? removeSecret : removeConfig).mutate({ id: o.id });
              }}
            >
              <p>
                {removing.o.usedBy.length
                  ? `It is used by ${removing.o.usedBy.join(', ')}: the engine refuses while a service uses it.`
                  : removing.kind === 'secret'
                    ? 'Its value is gone for good: nobody can read it back, so keep a copy elsewhere if you need it.'
                    : 'Its content is gone for good.'}
              </p>
            </ConfirmDialog>
          )}
        </>
      }
    >
      {gate ?? (
        <>
          <section className="swarm-section" aria-labelledby="secret-list-title">
            <h2 id="secret-list-title" className="section-title">
              Secrets
            </h2>
            <ObjectTable kind="secret" list={secrets.data ?? []} onRemove={(o) => setRemoving({ kind: 'secret', o })} />
          </section>
          <section className="swarm-section" aria-labelledby="config-list-title">
            <h2 id="config-list-title" className="section-title">
              Configs
            </h2>
            <ObjectTable kind="config" list={configs.data ?? []} onRemove={(o) => setRemoving({ kind: 'config', o })} />
          </section>
        </>
      )}
    </Page>
  );
}
