/**
 * One owner for an engine (or the VM), recorded in a file that only one process can create, and leases
 * for every other Berth that uses it. The owner is the Berth that started the engine (or took over one
 * whose owner is gone); it is the only one that may stop it on its own account. A client never stops it
 * when it quits, and the owner asks before stopping an engine that has other clients.
 *
 *   <dir>/<name>.owner.json        { owner: ProcessIdentity, claimedAt, data }, created exclusively
 *   <dir>/<name>.clients/<pid>.json  ProcessIdentity of each Berth using it
 *
 * A record whose process is gone (or whose id now belongs to another process) is stale: it counts for
 * nothing and is replaced by the next claim.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isAlive, isValidIdentity, ownIdentity } from './process-identity';
import type { ProcessIdentity } from './process-identity';

export interface OwnerRecordOf<T> {
  owner: ProcessIdentity;
  claimedAt: number;
  data: T;
}

function sameIdentity(a: ProcessIdentity, b: ProcessIdentity): boolean {
  return a.pid === b.pid && a.startTime === b.startTime;
}

export class Ownership<T> {
  readonly ownerFile: string;
  readonly clientsDir: string;
  private readonly self = ownIdentity();

  constructor(dir: string, name: string, private readonly validData: (data: unknown) => data is T) {
    this.ownerFile = path.join(dir, `${name}.owner.json`);
    this.clientsDir = path.join(dir, `${name}.clients`);
  }

  get identity(): ProcessIdentity {
    return this.self;
  }

  /** The record as it is on disk (live or stale), when it is well formed. */
  read(): OwnerRecordOf<T> | undefined {
    return this.parse(this.readText());
  }

  /** The record, when its owner still runs. */
  liveOwner(): OwnerRecordOf<T> | undefined {
    const record = this.read();
    return record && isAlive(record.owner) ? record : undefined;
  }

  ownedBySelf(): boolean {
    const record = this.read();
    return Boolean(record && sameIdentity(record.owner, this.self));
  }

  /**
   * Makes this process the owner, unless another live process is. Returns the live owner's record when
   * that is another process; undefined when this process owns it now.
   */
  claim(data: T): OwnerRecordOf<T> | undefined {
    fs.mkdirSync(path.dirname(this.ownerFile), { recursive: true, mode: 0o700 });
    const mine: OwnerRecordOf<T> = { owner: this.self, claimedAt: Date.now(), data };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.writeFileSync(this.ownerFile, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
        return undefined;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const text = this.readText();
      const current = this.parse(text);
      if (current && sameIdentity(current.owner, this.self)) {
        this.update(data);
        return undefined;
      }
      if (current && isAlive(current.owner)) return current;
      this.breakStale(text);
    }
    const winner = this.liveOwner();
    if (winner && !sameIdentity(winner.owner, this.self)) return winner;
    throw new Error(`Could not record the owner in ${this.ownerFile}: another process keeps replacing it.`);
  }

  /** Rewrites this process's own record (it must be the owner). */
  update(data: T): void {
    if (!this.ownedBySelf()) return;
    const record: OwnerRecordOf<T> = { owner: this.self, claimedAt: this.read()?.claimedAt ?? Date.now(), data };
    const temp = `${this.ownerFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
    fs.renameSync(temp, this.ownerFile);
  }

  /** Gives up ownership (the engine may run on; the next Berth takes it over). */
  release(): void {
    if (this.ownedBySelf()) fs.rmSync(this.ownerFile, { force: true });
  }

  /** Removes the record whatever it says: for when the engine it describes is gone. */
  clear(): void {
    const text = this.readText();
    if (text !== undefined) this.breakStale(text);
  }

  /** Records that this process uses the engine (once; called again, it only checks the lease is there). */
  join(): void {
    const lease = path.join(this.clientsDir, `${this.self.pid}.json`);
    const mine = JSON.stringify(this.self);
    try {
      if (fs.readFileSync(lease, 'utf8') === mine) return;
    } catch {
      // not there yet
    }
    fs.mkdirSync(this.clientsDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(lease, mine, { mode: 0o600 });
  }

  leave(): void {
    fs.rmSync(path.join(this.clientsDir, `${this.self.pid}.json`), { force: true });
  }

  /** Live Berths other than this one that use the engine (its owner included when that is another process). */
  others(): ProcessIdentity[] {
    const found: ProcessIdentity[] = [];
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.clientsDir);
    } catch {
      // no clients folder: nobody joined yet
    }
    for (const name of names) {
      const file = path.join(this.clientsDir, name);
      let identity: unknown;
      try {
        identity = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        continue;
      }
      if (!isValidIdentity(identity) || !isAlive(identity)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (!sameIdentity(identity, this.self)) found.push(identity);
    }
    const owner = this.liveOwner();
    if (owner && !sameIdentity(owner.owner, this.self) && !found.some((c) => sameIdentity(c, owner.owner))) found.push(owner.owner);
    return found;
  }

  private readText(): string | undefined {
    try {
      return fs.readFileSync(this.ownerFile, 'utf8');
    } catch {
      return undefined;
    }
  }

  private parse(text: string | undefined): OwnerRecordOf<T> | undefined {
    if (text === undefined) return undefined;
    try {
      const value = JSON.parse(text) as OwnerRecordOf<T>;
      if (isValidIdentity(value?.owner) && typeof value.claimedAt === 'number' && this.validData(value.data)) return value;
    } catch {
      // a torn or foreign file is as good as none
    }
    return undefined;
  }

  /**
   * Removes a stale record. It is moved aside first and compared, so a record that another process
   * wrote in the meantime is put back rather than lost.
   */
  private breakStale(seen: string | undefined): void {
    const aside = `${this.ownerFile}.stale-${process.pid}-${Date.now()}`;
    try {
      fs.renameSync(this.ownerFile, aside);
    } catch {
      return;
    }
    let moved: string | undefined;
    try {
      moved = fs.readFileSync(aside, 'utf8');
    } catch {
      moved = undefined;
    }
    if (moved !== seen) {
      try {
        fs.linkSync(aside, this.ownerFile);
      } catch {
        // someone claimed it since: theirs stands
      }
    }
    fs.rmSync(aside, { force: true });
  }
}
