/**
 * Registry logins as Berth uses them: its own (in the injected CredentialStore) first, then the docker
 * CLI's. Signing in asks the registry through the engine (POST /auth) and keeps nothing unless it worked.
 */
import type Docker from 'dockerode';
import type { AuthConfig } from 'dockerode';
import { UserError } from '../contract/errors';
import type { RegistryLogin, RegistryLogins } from '../contract/images-types';
import type { CredentialStore, RegistryCredential } from './credential-store';
import { dockerCliCredential, dockerCliLogins, registryKey, serverAddress } from './docker-credentials';

function authConfig(registry: string, credential: RegistryCredential): AuthConfig {
  const serveraddress = serverAddress(registry);
  // dockerode's AuthConfig type predates identity tokens; the engine accepts them in the same header.
  if (credential.identityToken) return { identitytoken: credential.secret, serveraddress } as unknown as AuthConfig;
  return { username: credential.username, password: credential.secret, serveraddress };
}

export class Registries {
  constructor(private readonly store: () => CredentialStore) {}

  /** The credential to send with a pull or push from `registry`, if any login covers it. */
  async authFor(registry: string): Promise<AuthConfig | undefined> {
    const key = registryKey(registry);
    const credential = (await this.store().get(key)) ?? (await dockerCliCredential(key));
    return credential ? authConfig(key, credential) : undefined;
  }

  /** Every credential Berth can find, keyed by server address, for builds that pull FROM images. */
  async allAuths(): Promise<Record<string, AuthConfig>> {
    const registries = new Set([...(await this.store().list()).map((l) => l.registry), ...(await dockerCliLogins()).map((l) => l.registry)]);
    const entries = await Promise.all([...registries].map(async (r) => [serverAddress(r), await this.authFor(r)] as const));
    return Object.fromEntries(entries.filter((e): e is readonly [string, AuthConfig] => e[1] !== undefined));
  }

  async list(): Promise<RegistryLogins> {
    const store = this.store();
    const own: RegistryLogin[] = (await store.list()).map((l) => ({ registry: l.registry, username: l.username, source: 'berth' }));
    const cli: RegistryLogin[] = (await dockerCliLogins())
      .filter((l) => !own.some((o) => o.registry === l.registry))
      .map((l) => ({ registry: l.registry, username: l.username, source: l.helper ? 'credential-helper' : 'docker-config', helper: l.helper }));
    const logins = [...own, ...cli].sort((a, b) => a.registry.localeCompare(b.registry));
    return { logins, store: store.kind, storeNote: store.note };
  }

  async signIn(docker: Docker, registry: string, username: string, password: string): Promise<RegistryLogin> {
    const key = registryKey(registry);
    const answer = (await docker.checkAuth({ username, password, serveraddress: serverAddress(key) })) as { IdentityToken?: string; Status?: string };
    // Some registries trade the password for a token; keeping the token means the password is not kept.
    const credential: RegistryCredential = answer.IdentityToken ? { username, secret: answer.IdentityToken, identityToken: true } : { username, secret: password };
    await this.store().set(key, credential);
    return { registry: key, username, source: 'berth' };
  }

  async signOut(registry: string): Promise<RegistryLogins> {
    const key = registryKey(registry);
    const own = await this.store().list();
    if (!own.some((l) => l.registry === key)) {
      const cli = await dockerCliLogins();
      if (cli.some((l) => l.registry === key)) {
        const command = key === 'docker.io' ? 'docker logout' : `docker logout ${key}`;
        throw new UserError(`The login to ${key} belongs to the docker CLI: sign out with “${command}” in a terminal.`, 'conflict');
      }
      throw new UserError(`Berth has no login to ${key}.`, 'not-found');
    }
    await this.store().delete(key);
    return this.list();
  }
}
