/**
 * What goes into the guest, taken from Debian packages: the files each package contributes, and the
 * small files Berth writes itself. Only what dockerd, containerd, runc and the init need is kept; the
 * docker CLI, ctr, man pages and the rest stay out (size is boot time: the kernel unpacks every byte).
 */

/** The guest's architectures, by Debian's names: x86-64 for Intel and AMD hosts, arm64 for Apple silicon and ARM. */
export type GuestArch = 'amd64' | 'arm64';

/** The architecture whose guest runs on this host under a hardware accelerator. */
export function hostGuestArch(arch: string = process.arch): GuestArch {
  return arch === 'arm64' ? 'arm64' : 'amd64';
}

/**
 * The folder a guest is built into under vm/dist: named with Node's and electron-builder's name for the
 * architecture (x64, arm64), so packaging picks each package's own with `vm/dist/guest-${arch}`.
 */
export function guestFolderName(arch: GuestArch): string {
  return `guest-${arch === 'amd64' ? 'x64' : 'arm64'}`;
}

/** The architecture as people call it. */
export function archName(arch: GuestArch): string {
  return arch === 'amd64' ? 'x86-64' : 'arm64';
}

const TRIPLET: Record<GuestArch, string> = { amd64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' };

export interface PackagePick {
  name: string;
  /** Paths inside the package to keep (files, or folders taken whole). */
  keep: string[];
}

export interface GuestContents {
  /** The kernel comes from the package this points to (the generic flavour: it has 9p). */
  kernelMetaPackage: string;
  packages: PackagePick[];
  /** Parts of kept folders the guest never uses (character set converters: 8 MiB). */
  drop: string[];
}

export function guestContents(arch: GuestArch): GuestContents {
  const lib = `usr/lib/${TRIPLET[arch]}`;
  /** Library packages are kept whole (their shared objects only), wherever they put them. */
  const libs = (name: string): PackagePick => ({ name, keep: [`lib/${TRIPLET[arch]}`, lib] });
  return {
    kernelMetaPackage: `linux-image-${arch}`,
    packages: [
      { name: 'busybox-static', keep: ['bin/busybox'] },
      { name: 'docker.io', keep: ['usr/sbin/dockerd', 'usr/sbin/docker-proxy'] },
      { name: 'containerd', keep: ['usr/bin/containerd', 'usr/bin/containerd-shim-runc-v2'] },
      { name: 'runc', keep: ['usr/sbin/runc'] },
      { name: 'tini', keep: ['usr/bin/tini-static'] },
      { name: 'iptables', keep: ['usr/sbin/xtables-legacy-multi', `${lib}/xtables`] },
      { name: 'e2fsprogs', keep: ['sbin/mke2fs', 'sbin/resize2fs', 'sbin/e2fsck', 'etc/mke2fs.conf'] },
      { name: 'ca-certificates', keep: ['usr/share/ca-certificates'] },
      // arm64's loader is in lib/ itself (ld-linux-aarch64.so.1), x86-64's in lib64/.
      { name: 'libc6', keep: [`lib/${TRIPLET[arch]}`, 'lib64', ...(arch === 'arm64' ? ['lib/ld-linux-aarch64.so.1'] : []), lib] },
      ...[
        'libip4tc2', 'libip6tc2', 'libxtables12', 'libmnl0', 'libnftnl11', 'libnetfilter-conntrack3', 'libnfnetlink0',
        'libext2fs2', 'libcom-err2', 'libblkid1', 'libuuid1', 'libss2',
        'libsystemd0', 'libdevmapper1.02.1', 'libcap2', 'libgcrypt20', 'liblzma5', 'libzstd1', 'liblz4-1',
        'libselinux1', 'libudev1', 'libgpg-error0', 'libpcre2-8-0', 'libseccomp2',
      ].map(libs),
    ],
    drop: [`${lib}/gconv`, `${lib}/libmemusage.so`, `${lib}/libpcprofile.so`],
  };
}

/** Links that make the tools answer to the names dockerd and the init call them by. */
export const LINKS: Record<string, string> = {
  'usr/bin/docker-init': 'tini-static',
  'usr/sbin/iptables-legacy': 'xtables-legacy-multi',
  'usr/sbin/iptables': 'xtables-legacy-multi',
  'usr/sbin/iptables-legacy-restore': 'xtables-legacy-multi',
  'usr/sbin/mkfs.ext4': 'mke2fs',
  // One tree, as on a merged-/usr Debian: the loader and the tools look in both places.
  lib: 'usr/lib',
  lib64: 'usr/lib64',
  bin: 'usr/bin',
  sbin: 'usr/sbin',
  'var/run': '../run',
};

/** Files Berth writes into the guest besides vm/guest/rootfs. */
export const SMALL_FILES: Record<string, string> = {
  'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n',
  'etc/group': 'root:x:0:\ndocker:x:999:\n',
  'etc/hosts': '127.0.0.1 localhost\n::1 localhost\n',
  'etc/os-release': 'PRETTY_NAME="Berth VM"\nNAME="Berth VM"\nID=berth\nID_LIKE=debian\n',
};

/** Empty folders the init mounts onto or writes into. */
export const FOLDERS = ['proc', 'sys', 'dev', 'run', 'tmp', 'newroot', 'root', 'etc/ssl/certs', 'var/lib/docker', 'usr/lib/modules'];
