/**
 * The guest's serial console, as QEMU writes it to a file: its last lines for the UI, and the markers
 * the guest's init prints ("berth-guest: init ...", "berth-guest: engine-ready ...") for the host to wait on.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The last `maxLines` lines of the console log (reads only its tail). */
export function consoleTail(file: string, maxLines = 400, maxBytes = 256 * 1024): string[] {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fs.fstatSync(fd).size;
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    fs.readSync(fd, buf, 0, buf.length, start);
    // Colour codes and carriage returns from dockerd and the kernel read badly outside a terminal.
    const text = buf.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '').replace(/\r/g, '');
    const lines = text.split('\n');
    if (start > 0) lines.shift(); // a partial first line
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-maxLines);
  } finally {
    fs.closeSync(fd);
  }
}

/** The last line that explains a failure, for error messages. */
export function lastProblem(file: string): string | undefined {
  const lines = consoleTail(file, 200).filter((l) => l.trim());
  const problem = [...lines].reverse().find((l) => /berth-guest: error|level=(fatal|error)|Kernel panic|soft lockup|not syncing/i.test(l));
  return (problem ?? lines.at(-1))?.replace(/^time="[^"]*"\s*/, '').trim();
}

/**
 * Resolves when the console has a line matching `marker` past `fromByte`; rejects when `signal` aborts.
 * While a VM boots this looks at the file every 100 ms (only then: it is not an idle poll).
 */
export function waitForConsole(file: string, marker: RegExp, fromByte: number, signal: AbortSignal): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      try {
        const size = fs.statSync(file).size;
        if (size > fromByte) {
          const fd = fs.openSync(file, 'r');
          const buf = Buffer.alloc(size - fromByte);
          fs.readSync(fd, buf, 0, buf.length, fromByte);
          fs.closeSync(fd);
          const m = marker.exec(buf.toString('utf8'));
          if (m) return resolve(m);
        }
      } catch {
        // not written yet
      }
      timer = setTimeout(check, 100);
    };
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
    }, { once: true });
    check();
  });
}

/** Follows the console log, calling `onLines` with new lines as QEMU writes them; returns a stop function. */
export function followConsole(file: string, onLines: (lines: string[]) => void): () => void {
  let offset = 0;
  try {
    offset = fs.statSync(file).size;
  } catch {
    // created when the VM starts
  }
  let partial = '';
  const read = () => {
    try {
      const size = fs.statSync(file).size;
      if (size < offset) offset = 0; // a new boot truncated the log
      if (size === offset) return;
      const fd = fs.openSync(file, 'r');
      const buf = Buffer.alloc(size - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      fs.closeSync(fd);
      offset = size;
      const parts = (partial + buf.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '').replace(/\r/g, '')).split('\n');
      partial = parts.pop() ?? '';
      if (parts.length) onLines(parts);
    } catch {
      // the file is being replaced
    }
  };
  // Watch the folder, not the file: each boot starts a new log file, which a watch on the old one would miss.
  // The folder is made now if the VM never ran, so a page opened before the first start still follows it.
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const watcher = fs.watch(path.dirname(file), (_event, name) => {
    if (name === path.basename(file)) read();
  });
  watcher.on('error', () => undefined);
  return () => watcher.close();
}
