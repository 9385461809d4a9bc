/**
 * Adding an engine on another machine: over SSH, over TCP with TLS, or (after a warning) plain TCP. The
 * backend checks everything before it saves the docker context; an SSH host known_hosts does not list is
 * shown with its fingerprint and added only when the user trusts it.
 */
import { useState } from 'react';
import { Field, FormDialog } from '../../components/FormDialog';
import { messageOf, showToast } from '../../components/toasts/store';
import { useAppInfo } from '../app-info/api';
import { useAddRemoteEngine } from './remote-api';
import type { RemoteKind } from './remote-form';
import { remoteFormProblems, suggestName } from './remote-form';
import { TlsFileField } from './TlsFileField';
import { switchEngine } from './switch-engine';

interface UnknownHost {
  host: string;
  keyType: string;
  fingerprint: string;
}

export function AddEngineDialog({ onClose }: { onClose(): void }) {
  const mode = useAppInfo().data?.mode;
  const add = useAddRemoteEngine();
  const [kind, setKind] = useState<RemoteKind>('ssh');
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [tls, setTls] = useState({ ca: '', cert: '', key: '' });
  const [acceptPlain, setAcceptPlain] = useState(false);
  const [useNow, setUseNow] = useState(true);
  const [tried, setTried] = useState(false);
  const [unknownHost, setUnknownHost] = useState<UnknownHost | undefined>();
  const [failure, setFailure] = useState<string | undefined>();

  const shownName = nameTouched ? name : suggestName(address);
  const problems = remoteFormProblems({ kind, address, name: shownName, tls, acceptPlain });

  const send = (trustFingerprint?: string) => {
    setTried(true);
    setFailure(undefined);
    if (Object.keys(problems).length > 0) return;
    const input = {
      name: shownName.trim(),
      address: address.trim(),
      tls: kind === 'tls' ? tls : undefined,
      acceptPlainTcp: kind === 'plain' ? acceptPlain : undefined,
      trustFingerprint,
    };
    add.mutate(input, {
        onSuccess: (result) => {
          if (result.status === 'unknown-host') {
            setUnknownHost(result);
            return;
          }
          showToast({ tone: 'info', title: `Added ${input.name}`, message: `Saved as the docker context “${input.name}”: docker --context ${input.name} reaches it too.` });
          onClose();
          if (useNow) void switchEngine(result.endpoint);
        },
        onError: (e) => {
          setUnknownHost(undefined);
          setFailure(messageOf(e));
        },
      });
  };

  if (unknownHost) {
    return (
      <FormDialog
        title={`Trust ${unknownHost.host}?`}
        submitLabel="Trust and add"
        busy={add.isPending}
        testId="trust-host-dialog"
        onSubmit={() => send(unknownHost.fingerprint)}
        onCancel={() => setUnknownHost(undefined)}
      >
        <p>
          Your known hosts do not list <strong>{unknownHost.host}</strong> yet. It presented this {unknownHost.keyType} key:
        </p>
        <p className="mono fingerprint" data-testid="host-fingerprint">
          {unknownHost.fingerprint}
        </p>
        <p className="muted">
          Trust it only if this is the fingerprint of the machine you mean (on that machine: <span className="mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</span>). It
          will be recorded in ~/.ssh/known_hosts, as ssh does.
        </p>
        {failure && (
          <div className="field__problem" role="alert">
            {failure}
          </div>
        )}
      </FormDialog>
    );
  }

  const problem = (key: keyof typeof problems) => (tried ? problems[key] : undefined);
  return (
    <FormDialog title="Add an engine" submitLabel={add.isPending ? 'Connecting…' : 'Add engine'} busy={add.isPending} wide testId="add-engine-dialog" onSubmit={() => send()} onCancel={onClose}>
      <fieldset className="choice-group">
        <legend className="field__label">How Berth reaches it</legend>
        <label className="choice">
          <input type="radio" name="engine-kind" checked={kind === 'ssh'} onChange={() => setKind('ssh')} />
          <span>
            SSH
            <span className="choice__hint">Nothing to install on the far side but sshd and the engine. Keys come from your SSH agent and ~/.ssh.</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="engine-kind" checked={kind === 'tls'} onChange={() => setKind('tls')} />
          <span>
            TCP with TLS
            <span className="choice__hint">An engine started with --tlsverify (usually port 2376), with its CA and a client certificate and key.</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="engine-kind" checked={kind === 'plain'} onChange={() => setKind('plain')} />
          <span>
            Plain TCP
            <span className="choice__hint">Unprotected (usually port 2375). Only for a network you alone can reach.</span>
          </span>
        </label>
      </fieldset>
      <Field
        label="Address"
        value={address}
        onChange={setAddress}
        mono
        placeholder={kind === 'ssh' ? 'ssh://user@build-box' : kind === 'tls' ? 'tcp://build-box:2376' : 'tcp://build-box:2375'}
        hint={kind === 'ssh' ? 'Host entries of ~/.ssh/config apply (HostName, Port, User, IdentityFile).' : undefined}
        problem={problem('address')}
      />
      <Field
        label="Name"
        value={shownName}
        onChange={(v) => {
          setNameTouched(true);
          setName(v);
        }}
        mono
        placeholder="build-box"
        hint="Saved as a docker context of this name, so the docker CLI reaches the same engine."
        problem={problem('name')}
      />
      {kind === 'tls' && (
        <>
          {(['ca', 'cert', 'key'] as const).map((k) => (
            <TlsFileField key={k} which={k} value={tls[k]} desktop={mode === 'desktop'} problem={problem(k)} onChange={(v) => setTls((t) => ({ ...t, [k]: v }))} />
          ))}
        </>
      )}
      {kind === 'plain' && (
        <div className="field">
          <div className="field__problem" role="note">
            Anyone who can reach this port controls the machine: the engine runs containers as root and can mount the host’s disk. Berth sends everything unencrypted.
          </div>
          <label className="choice">
            <input type="checkbox" checked={acceptPlain} onChange={(e) => setAcceptPlain(e.target.checked)} />
            <span>I understand, and only trusted people can reach this port</span>
          </label>
          {problem('acceptPlain') && <div className="field__problem">{problem('acceptPlain')}</div>}
        </div>
      )}
      <label className="choice">
        <input type="checkbox" checked={useNow} onChange={(e) => setUseNow(e.target.checked)} />
        <span>Switch to it once added</span>
      </label>
      {failure && (
        <div className="field__problem" role="alert" data-testid="add-engine-error">
          {failure}
        </div>
      )}
    </FormDialog>
  );
}
