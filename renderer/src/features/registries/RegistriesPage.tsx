/**
 * Registry logins: those made in Berth (kept in the OS keychain on the desktop, for the session in the
 * browser) and those of the docker CLI (config.json and its credential helpers), used as they are.
 */
import { useState } from 'react';
import type { RegistryLogin } from '../../../../engine/contract/images-types';
import { RegistriesIcon } from '../../components/icons';
import { messageOf } from '../../components/toasts/store';
import { useRegistryLogins, useSignOut } from './api';
import { SignInDialog } from './SignInDialog';
import { Page } from '../../components/Page';
import { Placeholder, Waiting } from '../../components/Placeholder';
import './registries.css';

function sourceOf(login: RegistryLogin): string {
  switch (login.source) {
    case 'berth':
      return 'Signed in with Berth';
    case 'docker-config':
      return 'docker CLI login (config.json)';
    case 'credential-helper':
      return `docker CLI login, in docker-credential-${login.helper}`;
  }
}

export function RegistriesPage() {
  const logins = useRegistryLogins();
  const signOut = useSignOut();
  const [signingIn, setSigningIn] = useState<string | null>(null);
  const data = logins.data;
  const where =
    data?.store === 'keychain'
      ? 'Kept encrypted by your system’s keychain, never in plain text.'
      : (data?.storeNote ?? 'Kept in memory only, until Berth stops.');

  return (
    <Page
      titleId="registries-title"
      title="Registries"
      bodyClassName="registries"
      tools={
        <button type="button" className="button button--primary" onClick={() => setSigningIn('')}>
          Sign in…
        </button>
      }
      dialogs={signingIn !== null && <SignInDialog registry={signingIn} where={where} onClose={() => setSigningIn(null)} />}
    >
      <p className="registries__note" data-testid="login-store">
        <strong>{data?.store === 'keychain' ? 'Sign-ins made in Berth are kept in the system keychain.' : 'Sign-ins made in Berth last for this session only.'}</strong>{' '}
        {where} Logins of the docker CLI (<code>docker login</code>, credential helpers) are used as they are.
      </p>
      {logins.isPending ? (
        <Waiting text="Reading logins…" />
      ) : logins.isError ? (
        <Placeholder role="alert">{messageOf(logins.error)}</Placeholder>
      ) : !data?.logins.length ? (
        <Placeholder testId="no-logins" icon={<RegistriesIcon />} title="No registry logins">
          Public images need none. Sign in to pull private images or to push to a registry.
        </Placeholder>
      ) : (
        <ul className="login-list" aria-label="Registry logins">
          {data.logins.map((login) => (
            <li key={login.registry} className="login" data-testid="registry-login" data-registry={login.registry}>
              <span className="login__icon" aria-hidden="true">
                <RegistriesIcon />
              </span>
              <div className="login__text">
                <div className="login__registry">{login.registry === 'docker.io' ? 'Docker Hub (docker.io)' : login.registry}</div>
                <div className="login__meta">
                  {login.username ? `${login.username} · ` : ''}
                  {sourceOf(login)}
                </div>
              </div>
              {login.source === 'berth' ? (
                <button type="button" className="button" aria-label={`Sign out of ${login.registry}`} disabled={signOut.isPending} onClick={() => signOut.mutate(login.registry)}>
                  Sign out
                </button>
              ) : (
                <button type="button" className="button button--quiet" aria-label={`Sign in to ${login.registry} with Berth instead`} onClick={() => setSigningIn(login.registry)}>
                  Sign in with Berth
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
