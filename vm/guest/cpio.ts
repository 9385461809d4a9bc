/**
 * A reproducible initramfs archive: the "newc" cpio format the kernel unpacks, written by hand so that
 * every byte is decided here: entries sorted by path, one fixed mtime, root ownership and inode numbers
 * given in order. Two builds from the same packages therefore give the same archive, bit for bit.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface CpioEntry {
  /** Path inside the archive, without a leading slash: `usr/bin/dockerd`. */
  name: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  /** File contents, or the link target for a symlink. */
  data?: Buffer;
}

const TYPE_BITS = { file: 0o100000, dir: 0o040000, symlink: 0o120000 } as const;

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function pad4(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

function header(ino: number, entry: CpioEntry, size: number, mtime: number, nlink: number): Buffer {
  const name = Buffer.from(`${entry.name}\0`);
  const fields = [
    '070701',
    hex(ino),
    hex(TYPE_BITS[entry.type] | (entry.mode & 0o7777)),
    hex(0), // uid
    hex(0), // gid
    hex(nlink),
    hex(mtime),
    hex(size),
    hex(0), // devmajor
    hex(0), // devminor
    hex(0), // rdevmajor
    hex(0), // rdevminor
    hex(name.length),
    hex(0), // check
  ].join('');
  const head = Buffer.concat([Buffer.from(fields, 'ascii'), name]);
  return Buffer.concat([head, pad4(head.length)]);
}

/** Writes the archive; returns its size in bytes. */
export function writeCpio(file: string, entries: CpioEntry[], mtime: number): number {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const fd = fs.openSync(file, 'w');
  let written = 0;
  const write = (buf: Buffer) => {
    fs.writeSync(fd, buf);
    written += buf.length;
  };
  try {
    let ino = 1;
    for (const entry of sorted) {
      const data = entry.data ?? Buffer.alloc(0);
      write(header(ino++, entry, data.length, mtime, entry.type === 'dir' ? 2 : 1));
      write(data);
      write(pad4(data.length));
    }
    write(header(0, { name: 'TRAILER!!!', type: 'file', mode: 0 }, 0, 0, 1));
    // The kernel reads whole blocks; padding to 512 bytes is what cpio itself does.
    write(Buffer.alloc((512 - (written % 512)) % 512));
  } finally {
    fs.closeSync(fd);
  }
  return written;
}

/** Every file, folder and symlink under `root`, as archive entries (contents read now). */
export function entriesUnder(root: string): CpioEntry[] {
  const out: CpioEntry[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      const st = fs.lstatSync(full);
      if (st.isSymbolicLink()) out.push({ name: rel, type: 'symlink', mode: 0o777, data: Buffer.from(fs.readlinkSync(full)) });
      else if (st.isDirectory()) {
        out.push({ name: rel, type: 'dir', mode: st.mode & 0o7777 });
        walk(full);
      } else if (st.isFile()) out.push({ name: rel, type: 'file', mode: st.mode & 0o7777, data: fs.readFileSync(full) });
    }
  };
  walk(root);
  return out;
}
