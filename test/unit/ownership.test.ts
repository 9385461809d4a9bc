// Issue 17 §1: one owner per engine, proven processes only.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Ownership } from '../../engine/ownership/ownership';
import { identify, isAlive } from '../../engine/ownership/process-identity';
import { describeEnd, isManagedDockerd } from '../../engine/providers/managed-dockerd';

const children: number[] = [];
afterEach(() => {
  for (const pid of children.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

function sleeper(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child.pid!);
  // Until it has exec'd, /proc shows this process's program: wait for its own (a few milliseconds).
  const deadline = Date.now() + 5000;
  while (fs.readlinkSync(`/proc/${child.pid}/exe`) === process.execPath && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  return child.pid!;
}

const isData = (d: unknown): d is { n: number } => typeof (d as { n: number })?.n === 'number';

describe.runIf(process.platform === 'linux')('owner records', () => {
  it('a process is the same one only while its start time matches', () => {
    const id = identify(process.pid)!;
    expect(isAlive(id)).toBe(true);
    expect(isAlive({ ...id, startTime: String(Number(id.startTime) + 1) })).toBe(false);
  });

  it('one process owns; a live owner is never replaced; a stale one is', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-own-'));
    const own = new Ownership(dir, 'e', isData);
    const pid = sleeper();
    // Another live process owns it.
    fs.writeFileSync(own.ownerFile, JSON.stringify({ owner: identify(pid), claimedAt: 1, data: { n: 1 } }));
    expect(own.claim({ n: 2 })?.owner.pid).toBe(pid);
    expect(own.ownedBySelf()).toBe(false);
    // The same id with another start time is a reused id: stale, so it is taken over.
    fs.writeFileSync(own.ownerFile, JSON.stringify({ owner: { ...identify(pid)!, startTime: '1' }, claimedAt: 1, data: { n: 1 } }));
    expect(own.claim({ n: 3 })).toBeUndefined();
    expect(own.read()?.data).toEqual({ n: 3 });
    own.release();
    expect(fs.existsSync(own.ownerFile)).toBe(false);
  });

  it('counts the live clients other than itself', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-own-'));
    const own = new Ownership(dir, 'e', isData);
    own.join();
    expect(own.others()).toEqual([]);
    const pid = sleeper();
    fs.writeFileSync(path.join(own.clientsDir, `${pid}.json`), JSON.stringify(identify(pid)));
    fs.writeFileSync(path.join(own.clientsDir, '999999.json'), JSON.stringify({ pid: 999999, startTime: '5' }));
    expect(own.others().map((c) => c.pid)).toEqual([pid]);
    expect(fs.existsSync(path.join(own.clientsDir, '999999.json'))).toBe(false);
  });

  it('a sleep is never taken for the managed dockerd', () => {
    expect(isManagedDockerd(sleeper(), '/var/lib/berth/engine')).toBe(false);
  });
});

describe('what a dockerd that ended is said to have done', () => {
  const log = [
    'time="2026-12-07T01:00:00Z" level=info msg="Starting up"',
    'time="2026-12-07T01:00:05Z" level=info msg="Processing signal \'terminated\'"',
    'time="2026-12-07T01:00:06Z" level=warning msg="grpc: addrConn.createTransport failed" module=grpc',
    'time="2026-12-07T01:00:16Z" level=info msg="Channel Connectivity change to TRANSIENT_FAILURE" module=grpc',
  ];
  it('names the signal it was told to stop by, not the last noise in its log', () => {
    const said = describeEnd({ code: 0 }, log);
    expect(said).toBe('The managed engine was stopped from outside Berth: dockerd received SIGTERM (“level=info msg="Processing signal \'terminated\'"”).');
    expect(said).not.toMatch(/unexpectedly|TRANSIENT_FAILURE/);
  });
  it('names another Berth that stopped it', () => {
    expect(describeEnd({ code: 0, stoppedBy: 4242 }, log)).toBe('Another Berth (process 4242) stopped the managed engine.');
  });
  it('names a kill, and a failure by its error line', () => {
    expect(describeEnd({ signal: 'SIGKILL' }, log.slice(0, 1))).toMatch(/^dockerd was ended by SIGKILL from outside Berth/);
    expect(describeEnd({ code: 1 }, ['level=info msg="Starting up"', 'level=fatal msg="failed to start daemon: pid file found"'])).toBe(
      'dockerd failed (exit code 1). Its log says: level=fatal msg="failed to start daemon: pid file found"',
    );
  });
});
