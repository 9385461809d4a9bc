/**
 * What goes into the guest, taken from Debian packages: the files each package contributes, and the
 * small files Berth writes itself. Only what dockerd, containerd, runc and the init need is kept; the
 * docker CLI, ctr, man pages and the rest stay out (size is boot time: the kernel unpacks every byte).
 */

/** The kernel comes from the package `linux-image-amd64` points to (the generic flavour: it has 9p). */
export const KERNEL_META_PACKAGE = 'linux-image-amd64';

export interface PackagePick {
  name: string;
  /** Paths inside the package to keep (files, or folders taken whole). */
  keep: string[];
}

const LIB = 'usr/lib/x86_64-linux-gnu';
/** Library packages are kept whole (their shared objects only), wherever they put them. */
const libs = (name: string): PackagePick => ({ name, keep: [`lib/x86_64-linux-gnu`, LIB] });

export const PACKAGES: PackagePick[] = [
  { name: 'busybox-static', keep: ['bin/busybox'] },
  { name: 'docker.io', keep: ['usr/sbin/dockerd', 'usr/sbin/docker-proxy'] },
  { name: 'containerd', keep: ['usr/bin/containerd', 'usr/bin/containerd-shim-runc-v2'] },
  { name: 'runc', keep: ['usr/sbin/runc'] },
  { name: 'tini', keep: ['usr/bin/tini-static'] },
  { name: 'iptables', keep: ['usr/sbin/xtables-legacy-multi', `${LIB}/xtables`] },
  { name: 'e2fsprogs', keep: ['sbin/mke2fs', 'sbin/resize2fs', 'sbin/e2fsck', 'etc/mke2fs.conf'] },
  { name: 'ca-certificates', keep: ['usr/share/ca-certificates'] },
  { name: 'libc6', keep: ['lib/x86_64-linux-gnu', 'lib64', LIB] },
  ...[
    'libip4tc2', 'libip6tc2', 'libxtables12', 'libmnl0', 'libnftnl11', 'libnetfilter-conntrack3', 'libnfnetlink0',
    'libext2fs2', 'libcom-err2', 'libblkid1', 'libuuid1', 'libss2',
    'libsystemd0', 'libdevmapper1.02.1', 'libcap2', 'libgcrypt20', 'liblzma5', 'libzstd1', 'liblz4-1',
    'libselinux1', 'libudev1', 'libgpg-error0', 'libpcre2-8-0', 'libseccomp2',
  ].map(libs),
];

/** Parts of kept folders the guest never uses (character set converters: 8 MiB). */
export const DROP = ['usr/lib/x86_64-linux-gnu/gconv', 'usr/lib/x86_64-linux-gnu/libmemusage.so', 'usr/lib/x86_64-linux-gnu/libpcprofile.so'];

/** Links that make the tools answer to the names dockerd and the init call them by. */
export const LINKS: Record<string, string> = {
  'usr/bin/docker-init': 'tini-static',
  'usr/sbin/iptables-legacy': 'xtables-legacy-multi',
  'usr/sbin/iptables': 'xtables-legacy-multi',
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
