/**
 * The SSH links Berth holds open, one per remote host address: every engine reached over SSH (a context
 * the user added in Berth or with the CLI, or DOCKER_HOST=ssh://…) is offered on a private local socket
 * under Berth's runtime folder, and everything else in Berth (the Engine API client, logs, terminals,
 * Compose) talks to that socket as it talks to a local engine.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { knownHostsFile } from './known-hosts';
import { SshLink } from './ssh-link';
import type { RemoteFacts } from './ssh-link';
import { resolveSshTarget, sshAddress } from './ssh-target';

export interface SshLinksOptions {
  /** Berth's runtime folder (private to the user); links' sockets go in `<runtime>/ssh/`. */
  runtimeDir: string;
  /** Whose ~/.ssh to read (config, keys, known_hosts). */
  home?: string;
  env?: NodeJS.ProcessEnv;
}

export class SshLinks {
  private readonly links = new Map<string, { link: SshLink; opening: Promise<RemoteFacts> }>();

  constructor(private readonly options: SshLinksOptions) {}

  private get home(): string {
    return this.options.home ?? os.homedir();
  }

  get knownHosts(): string {
    return knownHostsFile(this.home);
  }

  /** The local socket for a remote address, opening its link when none is open (strict host key check). */
  async socketFor(address: string): Promise<string> {
    const key = this.keyOf(address);
    let entry = this.links.get(key);
    if (!entry) {
      const link = this.newLink(address);
      const opening = link.open();
      entry = { link, opening };
      this.links.set(key, entry);
      opening.catch(() => {
        // A link that never opened is not kept: the next use tries again (and says why if it fails again).
        if (this.links.get(key)?.link === link) this.links.delete(key);
        link.close();
      });
    }
    await entry.opening;
    return entry.link.localSocket;
  }

  /** The open link for an address, if any (its state and why it is down). */
  linkFor(address: string): SshLink | undefined {
    try {
      return this.links.get(this.keyOf(address))?.link;
    } catch {
      return undefined;
    }
  }

  /**
   * Opens a link for an address the user is adding: the host key may be one the user just confirmed
   * (`acceptFingerprint`). The link is kept for the engine once added; `discard` closes it if not.
   */
  async trial(address: string, acceptFingerprint?: string): Promise<{ link: SshLink; facts: RemoteFacts }> {
    const link = this.newLink(address, acceptFingerprint, `trial-${crypto.randomBytes(4).toString('hex')}`);
    try {
      const facts = await link.open();
      return { link, facts };
    } catch (e) {
      link.close();
      throw e;
    }
  }

  /** Keeps a trial link as the address's link (replacing any). */
  adopt(address: string, link: SshLink, facts: RemoteFacts): void {
    const key = this.keyOf(address);
    const old = this.links.get(key);
    if (old && old.link !== link) old.link.close();
    this.links.set(key, { link, opening: Promise.resolve(facts) });
  }

  close(address: string): void {
    const key = this.keyOf(address);
    this.links.get(key)?.link.close();
    this.links.delete(key);
  }

  dispose(): void {
    for (const { link } of this.links.values()) link.close();
    this.links.clear();
  }

  private keyOf(address: string): string {
    return sshAddress(resolveSshTarget(address, this.home));
  }

  private newLink(address: string, acceptFingerprint?: string, name?: string): SshLink {
    const target = resolveSshTarget(address, this.home);
    const id = name ?? crypto.createHash('sha256').update(sshAddress(target)).digest('hex').slice(0, 16);
    const env = this.options.env ?? process.env;
    return new SshLink({
      target,
      localSocket: path.join(this.options.runtimeDir, 'ssh', `${id}.sock`),
      knownHostsFile: this.knownHosts,
      agent: env.SSH_AUTH_SOCK,
      acceptFingerprint,
    });
  }
}
