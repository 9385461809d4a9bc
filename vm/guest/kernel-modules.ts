/**
 * Which kernel modules the guest loads, in an order that works with plain `insmod`: each module after
 * the ones it depends on. Debian's kernel package has no modules.dep (depmod runs at install time), so
 * the dependencies are read from each module's own `.modinfo` section (`depends=`, `softdep=pre:`).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Modules the guest needs that Debian's generic kernel builds as modules (the rest are built in). */
export const GUEST_MODULES = [
  // devices QEMU gives the guest
  'virtio_pci', 'virtio_blk', 'virtio_net', 'virtio_rng', 'qemu_fw_cfg',
  // the balloon: with free page reporting the guest gives memory it stopped using back to the host
  'virtio_balloon',
  // the engine's API channel (virtio-serial: vm/guest/relay)
  'virtio_console',
  // the power button (a clean shutdown asked through ACPI) as an input event busybox acpid reads
  'button', 'evdev',
  // the data disk and the engine's storage
  'ext4', 'crc32c_generic', 'overlay',
  // container networking: bridges, veth pairs, NAT for containers' traffic and the API guard rules
  'bridge', 'veth', 'nf_conntrack', 'nf_conntrack_netlink', 'nf_nat', 'ip_tables', 'iptable_filter', 'iptable_nat', 'iptable_raw',
  'xt_conntrack', 'xt_MASQUERADE', 'xt_nat', 'xt_tcpudp', 'xt_addrtype',
  // shared host folders over virtio-9p
  '9p', '9pnet_virtio',
];

/** The modules for one architecture: arm64's virt machine has no ACPI without firmware, its power button is a GPIO key. */
export function guestModules(arch: 'amd64' | 'arm64'): string[] {
  return arch === 'arm64' ? [...GUEST_MODULES, 'gpio_keys'] : GUEST_MODULES;
}

export interface ResolvedModules {
  /** Paths relative to the kernel's module folder, in load order. */
  files: string[];
  /** Names asked for that are built into this kernel (nothing to load). */
  builtin: string[];
  /** A modules.dep for exactly these modules, so `modprobe` in the guest finds them. */
  dep: string;
}

const norm = (name: string) => name.replace(/-/g, '_');

function modinfo(file: string): Map<string, string[]> {
  const info = new Map<string, string[]>();
  // .modinfo is a run of NUL-terminated key=value strings; reading them from the whole file is enough
  // because these keys appear nowhere else in a module.
  const text = fs.readFileSync(file).toString('latin1');
  for (const key of ['depends', 'softdep']) {
    const re = new RegExp(`\\0${key}=([^\\0]*)`, 'g');
    for (const m of text.matchAll(re)) info.set(key, [...(info.get(key) ?? []), m[1]!]);
  }
  return info;
}

function indexModules(moduleDir: string): Map<string, string> {
  const byName = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ko')) byName.set(norm(entry.name.slice(0, -3)), path.relative(moduleDir, full));
    }
  };
  walk(path.join(moduleDir, 'kernel'));
  return byName;
}

export function resolveModules(moduleDir: string, wanted: string[] = GUEST_MODULES): ResolvedModules {
  const files = indexModules(moduleDir);
  const builtinText = fs.readFileSync(path.join(moduleDir, 'modules.builtin'), 'utf8');
  const builtinNames = new Set(builtinText.split('\n').filter(Boolean).map((l) => norm(path.basename(l, '.ko'))));
  const order: string[] = [];
  const builtin: string[] = [];
  const visiting = new Set<string>();
  const depsOf = new Map<string, string[]>();
  const visit = (raw: string) => {
    const name = norm(raw);
    if (order.includes(name) || visiting.has(name)) return;
    const file = files.get(name);
    if (!file) {
      if (builtinNames.has(name)) {
        if (!builtin.includes(name)) builtin.push(name);
        return;
      }
      throw new Error(`kernel module ${name} is neither a module nor built into this kernel`);
    }
    visiting.add(name);
    const info = modinfo(path.join(moduleDir, file));
    const hard = (info.get('depends') ?? []).flatMap((d) => d.split(',')).filter(Boolean).map(norm);
    depsOf.set(name, hard);
    for (const dep of hard) visit(dep);
    for (const soft of info.get('softdep') ?? []) {
      // "pre: crc32c" — load what must come first; "crc32c" is an alias, served by crc32c_generic.
      const pre = /pre:\s*([^:]*?)(?:\s+post:|$)/.exec(soft)?.[1] ?? '';
      for (const dep of pre.split(/\s+/).filter(Boolean)) if (files.has(norm(dep))) visit(dep);
    }
    visiting.delete(name);
    order.push(name);
  };
  for (const name of wanted) visit(name);
  // modules.dep lists every module a module needs, nearest first; modprobe loads them in reverse.
  const closure = (name: string, seen = new Set<string>()): string[] => {
    for (const dep of depsOf.get(name) ?? []) {
      if (seen.has(dep) || !files.has(dep)) continue;
      seen.add(dep);
      closure(dep, seen);
    }
    return [...seen];
  };
  const dep = order.map((n) => `${files.get(n)}:${closure(n).map((d) => ` ${files.get(d)}`).join('')}\n`).join('');
  return { files: order.map((n) => files.get(n)!), builtin, dep };
}
