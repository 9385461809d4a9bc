/**
 * The x86-64 guest kernel as QEMU boots it fastest under emulation: the uncompressed kernel (an ELF with a
 * PVH entry point), which QEMU copies into the guest's memory itself and starts in 64-bit mode at once.
 *
 * Debian's bzImage carries the kernel xz-compressed; booted as it is, the kernel's own decompressor unpacks
 * 63 MiB of it inside the guest before its clock even starts: ~3 s under TCG on the machines Berth is
 * developed on, against ~0.3 s from QEMU's start to the kernel's first message with the ELF (README, "Where
 * the time goes"). The costs: the file is larger (66 against 8 MiB), and the kernel is not placed at a
 * random address (KASLR is the decompressor's work), which matters little for a VM that runs only Berth's
 * engine. A kernel without a PVH entry point (a custom build without CONFIG_PVH) stays a bzImage.
 */
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';

/** Xen's ELF note that gives the 32-bit PVH entry point (XEN_ELFNOTE_PHYS32_ENTRY), which QEMU looks for. */
const XEN_ELFNOTE_PHYS32_ENTRY = 18;

/** Where the compressed kernel lies in a bzImage (boot protocol 2.08 and later: Documentation/x86/boot.rst). */
function payload(bzImage: Buffer): Buffer | undefined {
  if (bzImage.length < 0x250 || bzImage.toString('latin1', 0x202, 0x206) !== 'HdrS' || bzImage.readUInt16LE(0x206) < 0x208) return undefined;
  const setupSectors = bzImage[0x1f1] || 4;
  const start = (setupSectors + 1) * 512 + bzImage.readUInt32LE(0x248);
  const end = start + bzImage.readUInt32LE(0x24c);
  return end <= bzImage.length ? bzImage.subarray(start, end) : undefined;
}

function decompress(data: Buffer): Buffer | undefined {
  const tool = (program: string, args: string[]) => {
    try {
      return execFileSync(program, args, { input: data, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
      if (err.code === 'ENOENT') throw new Error(`${program} is not installed: it unpacks the guest's kernel (apt-get install ${program === 'xz' ? 'xz-utils' : program})`);
      throw new Error(`${program} could not unpack the guest's kernel: ${err.stderr?.toString().trim() ?? err.message}`);
    }
  };
  // The kernel appends the uncompressed size after the stream: one stream is read, the rest ignored.
  if (data.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return tool('xz', ['-dc', '--single-stream']);
  if (data[0] === 0x1f && data[1] === 0x8b) return zlib.gunzipSync(data.subarray(0, data.length - 4), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  if (data.readUInt32LE(0) === 0xfd2fb528) return tool('zstd', ['-dc', '-q']);
  return undefined;
}

/** Whether an ELF64 kernel has the PVH entry point QEMU needs to start it directly. */
export function hasPvhEntry(elf: Buffer): boolean {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2) return false;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (elf.readUInt32LE(ph) !== 4) continue; // PT_NOTE
    let at = Number(elf.readBigUInt64LE(ph + 8));
    const end = at + Number(elf.readBigUInt64LE(ph + 32));
    while (at + 12 <= end) {
      const nameSize = elf.readUInt32LE(at);
      const descSize = elf.readUInt32LE(at + 4);
      const type = elf.readUInt32LE(at + 8);
      const name = elf.toString('latin1', at + 12, at + 12 + nameSize).replace(/\0+$/, '');
      if (name === 'Xen' && type === XEN_ELFNOTE_PHYS32_ENTRY) return true;
      at += 12 + Math.ceil(nameSize / 4) * 4 + Math.ceil(descSize / 4) * 4;
    }
  }
  return false;
}

/** The uncompressed kernel inside a bzImage when QEMU can start it through PVH; otherwise undefined. */
export function pvhKernel(bzImage: Buffer): Buffer | undefined {
  const packed = payload(bzImage);
  const elf = packed && decompress(packed);
  return elf && hasPvhEntry(elf) ? elf : undefined;
}
