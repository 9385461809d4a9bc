/**
 * Ending a terminal's process when its terminal closes. The engine does not: an exec's process keeps
 * running after its connection closes (moby#9098), and with a TTY it never even sees end-of-input, so
 * every closed terminal would leave a shell behind. A terminal window that closes sends its shell SIGHUP,
 * and the kernel passes the hang-up on to the job in the foreground; Berth does the same.
 *
 * The exec's own PID is not known inside the container (the engine reports the host's), so the command
 * is started through sh, which prints its PID in an escape sequence no terminal shows and then execs the
 * command in its place; the backend takes the sequence out of the output. Containers without sh cannot
 * be helped this way, and keep the engine's behaviour.
 */
import type Docker from 'dockerode';

const MARKER = Buffer.from('\x1b]7777;berth-pid=');
const BEL = 0x07;

/** The command, started so that its PID is announced first. */
export function announcingPid(sh: string, argv: string[]): string[] {
  return [sh, '-c', `printf '\\033]7777;berth-pid=%s\\007' "$$"; exec "$@"`, 'berth-terminal', ...argv];
}

/** Takes the PID announcement out of the start of the output. */
export class PidAnnouncement {
  pid: number | undefined;
  /** The start of the output has been read: the PID is known now, or will never be. */
  settled = false;
  private head = Buffer.alloc(0);

  /** The output to pass on (maybe nothing yet, while the announcement may still be arriving). */
  strip(chunk: Buffer): Buffer {
    if (this.settled) return chunk;
    this.head = Buffer.concat([this.head, chunk]);
    const prefix = Math.min(this.head.length, MARKER.length);
    if (!this.head.subarray(0, prefix).equals(MARKER.subarray(0, prefix))) return this.settle(this.head);
    if (this.head.length < MARKER.length) return Buffer.alloc(0);
    const end = this.head.indexOf(BEL, MARKER.length);
    if (end < 0) return this.head.length > MARKER.length + 12 ? this.settle(this.head) : Buffer.alloc(0);
    const pid = Number(this.head.subarray(MARKER.length, end).toString('latin1'));
    if (Number.isInteger(pid) && pid > 0) this.pid = pid;
    return this.settle(this.head.subarray(end + 1));
  }

  private settle(rest: Buffer): Buffer {
    this.settled = true;
    this.head = Buffer.alloc(0);
    return rest;
  }
}

/** Sends SIGHUP to a terminal's process, as closing a terminal window does; failures are ignored. */
export async function hangUp(docker: Docker, containerId: string, sh: string, pid: number): Promise<void> {
  try {
    const exec = await docker.getContainer(containerId).exec({ Cmd: [sh, '-c', `kill -HUP ${pid} 2>/dev/null`], AttachStdout: false, AttachStderr: false });
    await exec.start({ Detach: true });
  } catch {
    // The container may have stopped meanwhile, which ended the process anyway.
  }
}
