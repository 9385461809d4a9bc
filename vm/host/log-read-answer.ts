/**
 * One log read answered in dockerd's place (log-reads.ts decides which): the inspect through dockerd that
 * says where the log is, then dockerd's answer streamed to the client as it is made. The json-file's ranges
 * are read forward (json-file-tail.ts), each range's whole entries turned into dockerd's output
 * (json-file-logs.ts) and written as one HTTP chunk, waiting for the client's socket to drain when it is
 * full: memory stays flat (a few ranges) however large the log, and a client that goes away stops the reads.
 *
 * Until the first byte of the answer is out, anything unexpected (a rotation, an entry that is not
 * json-file's) leaves the request to dockerd, which reads it under its lock. After that the answer can no
 * longer be handed over: a file renamed by a rotation is read on from its new name (json-file-tail.ts);
 * anything else ends the connection without the last chunk, so the client sees an incomplete answer rather
 * than a shorter log.
 */
import http from 'node:http';
import type net from 'node:net';
import { MAX_READ } from './api-channel';
import type { ApiChannel } from './api-channel';
import { formatEntries, readPlan } from './json-file-logs';
import type { LogRequest } from './json-file-logs';
import { LogRotated, logSegments, wholeLines } from './json-file-tail';
import type { LogFileReader } from './json-file-tail';

/** Asks dockerd one request over its own channel stream and collects the answer (an inspect: small). */
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

export class ClientGone extends Error {}

/** Writes to the client, resolving once its socket can take more (or rejecting if it has gone). */
function writer(local: net.Socket): (bytes: Buffer[]) => Promise<void> {
  return (bytes) =>
    new Promise((resolve, reject) => {
      if (local.destroyed || !local.writable) return reject(new ClientGone('the client went away'));
      local.cork();
      let room = true;
      for (const b of bytes) room = local.write(b);
      local.uncork();
      if (room) return resolve();
      const done = () => {
        local.off('drain', done);
        local.off('close', done);
        if (local.destroyed) reject(new ClientGone('the client went away'));
        else resolve();
      };
      local.on('drain', done);
      local.on('close', done);
    });
}

const CRLF = Buffer.from('\r\n');
const LAST_CHUNK = Buffer.from('0\r\n\r\n');

/**
 * Answers the read on `local`: 'answered' when it did (whole, or cut off once started: see above), 'dockerd'
 * when nothing was written and dockerd must answer it. Rejects only before anything was written.
 */
export async function answerLogRead(channel: ApiChannel, request: LogRequest, local: net.Socket, close: boolean): Promise<'answered' | 'dockerd'> {
  const inspect = await askDockerd(channel, `${request.versionPrefix}/containers/${request.container}/json`);
  if (inspect.status !== 200) return 'dockerd';
  const plan = readPlan(JSON.parse(inspect.body.toString('utf8')));
  if (!plan) return 'dockerd';
  const reader: LogFileReader = { maxRead: MAX_READ, read: (p, offset, length) => channel.readLogFile(p, offset, length) };
  const write = writer(local);
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    await write([responseHead(inspect.rawHeaders, close)]);
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const segments = await logSegments(reader, plan.logPath, plan.maxFiles, request.query.tail);
      if (!segments) return 'dockerd';
      const lines = wholeLines(reader, segments, { logPath: plan.logPath, maxFiles: plan.maxFiles, followRenames: () => started });
      for await (const run of lines) {
        const out = formatEntries(run, request.query, plan.tty);
        const body = out.chunks.filter((c) => c.length);
        const size = body.reduce((n, c) => n + c.length, 0);
        if (size) {
          await start();
          await write([Buffer.from(`${size.toString(16)}\r\n`), ...body, CRLF]);
        }
        if (out.stop) break; // an entry after `until`: dockerd stops reading there
      }
      await start();
      await write([LAST_CHUNK]);
      if (close) local.end();
      return 'answered';
    } catch (e) {
      if (e instanceof ClientGone) {
        local.destroy();
        return 'answered';
      }
      if (!started && e instanceof LogRotated) continue;
      if (!started) throw e;
      console.error(`[berth] a log read answered in the VM's place was cut off (${(e as Error).message})`);
      local.destroy();
      return 'answered';
    }
  }
  return 'dockerd'; // rotated under every attempt: dockerd reads it under its lock
}
