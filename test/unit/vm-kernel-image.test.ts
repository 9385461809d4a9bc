// The x86-64 guest kernel unpacked at build time for QEMU's PVH boot (vm/guest/kernel-image.ts), on
// bzImages made here: a tiny ELF with or without the PVH note, compressed the way the kernel's build does
// (the stream, then the uncompressed size in 4 bytes).
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hasPvhEntry, pvhKernel } from '../../vm/guest/kernel-image';

/** An ELF64 whose one program header is a PT_NOTE holding one note. */
function elf(note: { name: string; type: number }): Buffer {
  const name = Buffer.from(`${note.name}\0`);
  const namePadded = Buffer.concat([name, Buffer.alloc((4 - (name.length % 4)) % 4)]);
  const noteBytes = Buffer.concat([Buffer.from(new Uint32Array([name.length, 8, note.type]).buffer), namePadded, Buffer.alloc(8, 0xab)]);
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2;
  header[5] = 1;
  header.writeBigUInt64LE(64n, 0x20);
  header.writeUInt16LE(56, 0x36);
  header.writeUInt16LE(1, 0x38);
  const ph = Buffer.alloc(56);
  ph.writeUInt32LE(4, 0);
  ph.writeBigUInt64LE(120n, 8);
  ph.writeBigUInt64LE(BigInt(noteBytes.length), 32);
  return Buffer.concat([header, ph, noteBytes, Buffer.alloc(64, 0x90)]);
}

function bzImage(payload: Buffer, uncompressedSize: number): Buffer {
  const setup = Buffer.alloc(2 * 512);
  setup[0x1f1] = 1;
  setup.write('HdrS', 0x202, 'latin1');
  setup.writeUInt16LE(0x020f, 0x206);
  const withSize = Buffer.concat([payload, Buffer.from(new Uint32Array([uncompressedSize]).buffer)]);
  setup.writeUInt32LE(0, 0x248);
  setup.writeUInt32LE(withSize.length, 0x24c);
  return Buffer.concat([setup, withSize, Buffer.alloc(100, 0xcc)]);
}

describe('the guest kernel for PVH boot', () => {
  const pvh = elf({ name: 'Xen', type: 18 });

  it('finds the PVH entry note, and no other note passes for it', () => {
    expect(hasPvhEntry(pvh)).toBe(true);
    expect(hasPvhEntry(elf({ name: 'Xen', type: 17 }))).toBe(false);
    expect(hasPvhEntry(elf({ name: 'GNU', type: 18 }))).toBe(false);
    expect(hasPvhEntry(Buffer.from('not an elf at all, just text long enough to be read as a header....'))).toBe(false);
  });

  it('unpacks an xz or gzip bzImage into the kernel QEMU starts directly', () => {
    const xz = execFileSync('xz', ['-c', '--check=crc32'], { input: pvh });
    expect(pvhKernel(bzImage(xz, pvh.length))).toEqual(pvh);
    expect(pvhKernel(bzImage(zlib.gzipSync(pvh), pvh.length))).toEqual(pvh);
  });

  it('leaves a kernel without the PVH entry, or a file that is no bzImage, as it is (undefined)', () => {
    const plain = elf({ name: 'Xen', type: 5 });
    expect(pvhKernel(bzImage(zlib.gzipSync(plain), plain.length))).toBeUndefined();
    expect(pvhKernel(Buffer.alloc(4096))).toBeUndefined();
    expect(pvhKernel(bzImage(Buffer.from('no known compression'), 20))).toBeUndefined();
  });
});
