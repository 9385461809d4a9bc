/**
 * Where Berth keeps the registry logins made in Berth itself (logins of the docker CLI stay in its own
 * config and helpers). The desktop app injects a store encrypted with the OS keychain (Electron's
 * safeStorage, reached through the main process: electron/desktop-services.ts); browser mode, and a desktop without a usable keychain,
 * keep them in memory for the session only, and the UI says so. Never in plain text on disk or in logs.
 */
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

export interface RegistryCredential {
  username: string;
  /** The password, or the identity token the registry gave in exchange for it. */
  secret: string;
  identityToken?: boolean;
}

export interface CredentialStore {
  /** `keychain`: encrypted by the OS and kept; `session`: in memory until Berth quits. */
  readonly kind: 'keychain' | 'session';
  /** Why logins last only for the session, when they do. */
  readonly note?: string;
  list(): Promise<{ registry: string; username: string }[]>;
  get(registry: string): Promise<RegistryCredential | undefined>;
  set(registry: string, credential: RegistryCredential): Promise<void>;
  delete(registry: string): Promise<void>;
}

export class SessionCredentialStore implements CredentialStore {
  readonly kind = 'session';
  private readonly logins = new Map<string, RegistryCredential>();

  constructor(readonly note = 'In browser mode, sign-ins made in Berth are kept in memory only and forgotten when Berth stops.') {}

  async list() {
    return [...this.logins].map(([registry, c]) => ({ registry, username: c.username }));
  }
  async get(registry: string) {
    return this.logins.get(registry);
  }
  async set(registry: string, credential: RegistryCredential) {
    this.logins.set(registry, credential);
  }
  async delete(registry: string) {
    this.logins.delete(registry);
  }
}

/**
 * Encrypts and decrypts with a key the user's OS keeps (Electron's safeStorage has this shape). It may
 * answer later: the desktop backend runs in its own process and asks the main process, which holds the keychain.
 */
export interface SecretCipher {
  encryptString(text: string): Buffer | Promise<Buffer>;
  decryptString(data: Buffer): string | Promise<string>;
}

const storedLogins = z.record(z.string(), z.object({ username: z.string(), secret: z.string(), identityToken: z.boolean().optional() }));

/** Logins in one file, the whole of it encrypted with the OS keychain's key, written atomically and private. */
export class EncryptedFileCredentialStore implements CredentialStore {
  readonly kind = 'keychain';
  readonly note = undefined;

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {}

  private async read(): Promise<Record<string, RegistryCredential>> {
    let data: Buffer;
    try {
      data = await fs.promises.readFile(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    try {
      return storedLogins.parse(JSON.parse(await this.cipher.decryptString(data)));
    } catch {
      // Encrypted for another user or keychain: unreadable, so as good as empty (and never shown).
      console.warn('[berth] the saved registry logins could not be decrypted; sign in again');
      return {};
    }
  }

  private async write(logins: Record<string, RegistryCredential>): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file, await this.cipher.encryptString(JSON.stringify(logins)), { mode: 0o600 });
  }

  async list() {
    return Object.entries(await this.read()).map(([registry, c]) => ({ registry, username: c.username }));
  }
  async get(registry: string) {
    return (await this.read())[registry];
  }
  set(registry: string, credential: RegistryCredential) {
    return this.change(async () => this.write({ ...(await this.read()), [registry]: credential }));
  }
  delete(registry: string) {
    return this.change(async () => {
      const { [registry]: _gone, ...rest } = await this.read();
      await this.write(rest);
    });
  }

  /** Changes one at a time, so two sign-ins at once cannot lose one another. */
  private change(work: () => Promise<void>): Promise<void> {
    const next = this.changing.then(work);
    this.changing = next.catch(() => undefined);
    return next;
  }
  private changing: Promise<void> = Promise.resolve();
}
