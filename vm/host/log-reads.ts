/**
 * The socket's connections when the guest's relay can read log files: container log reads without
 * `follow` are answered here, from the json-file log's raw bytes (json-file-tail.ts) turned into dockerd's
 * exact answer (json-file-logs.ts); everything else goes to dockerd byte for byte, as before. Under
 * emulation dockerd's own work per log line (~100-150 us of CPU) was the limit through the API channel; here
 * the guest only copies file ranges. Berth and the docker CLI (through the `berth` context) both benefit.
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
import http from 'node:http';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { MAX_READ } from './api-channel';
import type { ApiChannel } from './api-channel';
import { formatEntries, logRequest, readPlan } from './json-file-logs';
import type { LogRequest } from './json-file-logs';
import { LogRotated, logBytes } from './json-file-tail';
import type { LogFileReader } from './json-file-tail';

const MAX_HEAD = 64 * 1024;
/** Where a request's bytes after its head are not HTTP: the connection becomes dockerd's stream. */
const HIJACKS = /^\/(v\d+\.\d+\/)?(containers\/[^/]+\/attach|exec\/[^/]+\/start|session|grpc)(\/|\?|$)/;
const BODY_CHUNK = 64 * 1024;

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

/** Asks dockerd one request over its own channel stream and collects the answer. */
function askDockerd(channel: ApiChannel, path: string): Promise<{ status: number; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ createConnection: () => channel.open() as net.Socket, path, headers: { Host: 'docker' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** dockerd's headers for a log stream: its own (version, server) from the inspect, then Date, chunked. */
function responseHead(inspectHeaders: string[], close: boolean): Buffer {
  const drop = new Set(['content-type', 'content-length', 'date', 'transfer-encoding', 'connection', 'keep-alive']);
  let head = 'HTTP/1.1 200 OK\r\n';
  for (let i = 0; i + 1 < inspectHeaders.length; i += 2) {
    if (!drop.has(inspectHeaders[i]!.toLowerCase())) head += `${inspectHeaders[i]}: ${inspectHeaders[i + 1]}\r\n`;
  }
  head += `Date: ${new Date().toUTCString()}\r\n`;
  if (close) head += 'Connection: close\r\n';
  // Not dockerd's: says which side answered (tests compare the two ways; support can ask).
  head += 'X-Berth-Logs-Via: host\r\n';
  return Buffer.from(`${head}Transfer-Encoding: chunked\r\n\r\n`, 'latin1');
}

/** The whole answer's body for a log read, or undefined where dockerd must answer. */
async function answerBody(channel: ApiChannel, request: LogRequest): Promise<{ head: string[]; body: Buffer[] } | undefined> {
  const inspect = await askDockerd(channel, `${request.versionPrefix}/containers/${request.container}/json`);
  if (inspect.status !== 200) return undefined;
  const plan = readPlan(JSON.parse(inspect.body.toString('utf8')));
  if (!plan) return undefined;
  const reader: LogFileReader = { maxRead: MAX_READ, read: (p, offset, length) => channel.readLogFile(p, offset, length) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const parts = await logBytes(reader, plan.logPath, plan.maxFiles, request.query.tail);
      if (!parts) return undefined;
      const body: Buffer[] = [];
      for (const part of parts) {
        const out = formatEntries(part, request.query, plan.tty);
        body.push(...out.chunks);
        if (out.stop) break;
      }
      return { head: inspect.rawHeaders, body };
    } catch (e) {
      if (!(e instanceof LogRotated)) throw e;
    }
  }
  return undefined; // rotated under every attempt: dockerd reads it under its lock
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
    let answer: Awaited<ReturnType<typeof answerBody>>;
    try {
      answer = await answerBody(this.channel, request);
    } catch (e) {
      console.error(`[berth] answering a log read in the VM's place failed (${(e as Error).message}); dockerd answers it`);
      answer = undefined;
    }
    if (!answer) {
      this.forward(requestBytes);
      return;
    }
    const local = this.local;
    const write = async (b: Buffer) => {
      if (local.destroyed) throw new Error('the client went away');
      if (!local.write(b)) await new Promise((r) => local.once('drain', r));
    };
    await write(responseHead(answer.head, close));
    let pending: Buffer[] = [];
    let size = 0;
    const flush = async () => {
      if (!size) return;
      await write(Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), ...pending, Buffer.from('\r\n')]));
      pending = [];
      size = 0;
    };
    for (const b of answer.body) {
      pending.push(b);
      size += b.length;
      if (size >= BODY_CHUNK) await flush();
    }
    await flush();
    await write(Buffer.from('0\r\n\r\n'));
    if (close) {
      this.finished = true;
      local.end();
    }
  }
}

/** Serves one socket connection: log reads here, everything else by dockerd through the channel. */
export function answerLogReads(channel: ApiChannel): (local: net.Socket) => void {
  return (local) => {
    new Connection(local, channel);
  };
}
