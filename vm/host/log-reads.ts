/**
 * The socket's connections when the guest's relay can read log files: container log reads without
 * `follow` are answered here, from the json-file log's raw bytes (json-file-tail.ts) turned into dockerd's
 * exact answer (json-file-logs.ts) and streamed as it is made (log-read-answer.ts); everything else goes to
 * dockerd byte for byte, as before. Under emulation dockerd's own work per log line (~100-150 us of CPU) was
 * the limit through the API channel; here the guest only copies file ranges. Berth and the docker CLI (through the `berth` context) both benefit.
 *
 * Each connection is read request by request while its requests have no body or a Content-Length one;
 * anything else (an upgrade or hijack for attach/exec, a chunked upload, a head that is not HTTP/1.1)
 * hands the rest of the connection to dockerd unparsed. HTTP clients send the next request on a
 * connection only once the last answer has arrived, so answers here never interleave with dockerd's.
 *
 * Left to dockerd: `follow` (a stream it keeps open), `details`, other log drivers, compressed rotations,
 * any request it would refuse (the inspect asked first gets the same refusal: an unknown container's 404,
 * an API version it does not serve), and requests carrying `X-Berth-Logs-Via: dockerd` (to compare the two,
 * or should an answer here ever look wrong). Answers made here carry `X-Berth-Logs-Via: host`, the one
 * header dockerd does not send; everything else is dockerd's, byte for byte (the chunks' sizes aside).
 */
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiChannel } from './api-channel';
import { logRequest } from './json-file-logs';
import type { LogRequest } from './json-file-logs';
import { answerLogRead } from './log-read-answer';

const MAX_HEAD = 64 * 1024;
/** Where a request's bytes after its head are not HTTP: the connection becomes dockerd's stream. */
const HIJACKS = /^\/(v\d+\.\d+\/)?(containers\/[^/]+\/attach|exec\/[^/]+\/start|session|grpc)(\/|\?|$)/;

interface Head {
  bytes: Buffer;
  method: string;
  target: string;
  minor: string;
  headers: Map<string, string>;
}

function parseHead(bytes: Buffer): Head | undefined {
  const lines = bytes.toString('latin1').split('\r\n');
  const m = /^([A-Z]+) (\S+) HTTP\/1\.([01])$/.exec(lines[0]!);
  if (!m) return undefined;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).trim().toLowerCase();
    // A repeated framing header is ambiguous: dockerd's reading of it is the only right one.
    if (headers.has(name) && (name === 'content-length' || name === 'transfer-encoding')) return undefined;
    headers.set(name, line.slice(colon + 1).trim());
  }
  return { bytes, method: m[1]!, target: m[2]!, minor: m[3]!, headers };
}

class Connection {
  private input: Buffer = Buffer.alloc(0);
  private upstream: Duplex | undefined;
  private bodyLeft = 0;
  private busy = false;
  private raw = false;
  private clientEnded = false;
  private finished = false;
  private readonly onData = (chunk: Buffer) => {
    this.input = this.input.length ? Buffer.concat([this.input, chunk]) : chunk;
    this.process();
  };

  constructor(
    private readonly local: net.Socket,
    private readonly channel: ApiChannel,
  ) {
    local.on('data', this.onData);
    local.on('end', () => {
      this.clientEnded = true;
      this.process();
    });
    local.on('error', () => local.destroy());
    local.on('close', () => this.upstream?.destroy());
  }

  private dockerd(): Duplex {
    if (!this.upstream) {
      const up = this.channel.open();
      this.upstream = up;
      up.on('data', (chunk: Buffer) => {
        if (!this.local.write(chunk)) {
          up.pause();
          this.local.once('drain', () => up.resume());
        }
      });
      up.on('end', () => this.local.end());
      up.on('close', () => this.local.end());
      up.on('error', () => this.local.destroy());
    }
    return this.upstream;
  }

  /** Sends bytes of the client's to dockerd, holding the client back while dockerd's side is full. */
  private forward(bytes: Buffer): void {
    if (!bytes.length) return;
    const up = this.dockerd();
    if (!up.write(bytes)) {
      this.local.pause();
      up.once('drain', () => this.local.resume());
    }
  }

  /** From here on the connection is dockerd's, unparsed (hijacked streams, uploads, anything unusual). */
  private goRaw(): void {
    this.raw = true;
    this.local.off('data', this.onData);
    if (!this.upstream && !this.clientEnded) {
      // The usual hijack (attach, exec) has its connection to itself: the channel carries the client's
      // socket as before, with no stream in between, so a keystroke's echo takes the same path.
      this.local.pause();
      if (this.input.length) this.local.unshift(this.input);
      this.input = Buffer.alloc(0);
      this.channel.handle(this.local);
      this.local.resume();
      return;
    }
    this.forward(this.input);
    this.input = Buffer.alloc(0);
    const up = this.dockerd();
    this.local.pipe(up);
    if (this.clientEnded) up.end();
  }

  private process(): void {
    while (!this.busy && !this.raw && !this.finished) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, this.input.length);
        if (!n) break;
        this.forward(this.input.subarray(0, n));
        this.input = this.input.subarray(n);
        this.bodyLeft -= n;
        continue;
      }
      const end = this.input.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.input.length > MAX_HEAD) this.goRaw();
        break;
      }
      const head = parseHead(this.input.subarray(0, end));
      if (!head) {
        this.goRaw();
        return;
      }
      const h = head.headers;
      const length = h.get('content-length') ?? '0';
      if (h.has('transfer-encoding') || h.has('upgrade') || !/^\d{1,15}$/.test(length) || HIJACKS.test(head.target) || head.minor !== '1') {
        this.goRaw();
        return;
      }
      const bytes = this.input.subarray(0, end + 4);
      this.input = this.input.subarray(end + 4);
      const request = Number(length) === 0 && h.has('host') && h.get('x-berth-logs-via')?.toLowerCase() !== 'dockerd' ? logRequest(head.method, head.target) : undefined;
      if (request) {
        this.busy = true;
        void this.answer(bytes, request, /(^|,)\s*close\s*(,|$)/i.test(h.get('connection') ?? '')).finally(() => {
          this.busy = false;
          this.process();
        });
        return;
      }
      this.forward(bytes);
      this.bodyLeft = Number(length);
    }
    if (this.clientEnded && !this.busy && !this.raw && !this.finished && !this.input.length) {
      this.finished = true;
      if (this.upstream) this.upstream.end();
      else this.local.end();
    }
  }

  private async answer(requestBytes: Buffer, request: LogRequest, close: boolean): Promise<void> {
    let outcome: 'answered' | 'dockerd';
    try {
      outcome = await answerLogRead(this.channel, request, this.local, close);
    } catch (e) {
      console.error(`[berth] answering a log read in the VM's place failed (${(e as Error).message}); dockerd answers it`);
      outcome = 'dockerd';
    }
    if (outcome === 'dockerd') this.forward(requestBytes);
    else if (close || this.local.destroyed) this.finished = true;
  }
}

/** Serves one socket connection: log reads here, everything else by dockerd through the channel. */
export function answerLogReads(channel: ApiChannel): (local: net.Socket) => void {
  return (local) => {
    new Connection(local, channel);
  };
}
