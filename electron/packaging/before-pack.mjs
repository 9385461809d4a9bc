// electron-builder's beforePack hook: before packaging each platform, says in plain words whether the
// package will be signed and notarized (see signing.mjs) and whether it carries the VM guest.
//
// The VM guest (kernel, initramfs and manifest, built into vm/dist/guest by the VM's build script) is
// shipped through the `extraResources` entry of package.json's `build` section, as
// `<resources>/guest/`, which the packaged app finds through process.resourcesPath. electron-builder
// skips an extraResources folder that does not exist, so a package built without the guest is still
// made; this hook says so, because Berth on macOS and Windows then cannot start its own engine.
import fs from 'node:fs';
import path from 'node:path';
import { signingPlan } from './signing.mjs';

const told = new Set();

export default async function beforePack(context) {
  const platform = context.electronPlatformName;
  if (told.has(platform)) return;
  told.add(platform);
  const plan = signingPlan(platform, process.env);
  for (const note of plan.notes) console.log(`  • ${note}`);
  if (plan.error) throw new Error(plan.error);

  const guest = path.join(context.packager.projectDir, 'vm', 'dist', 'guest');
  const files = fs.existsSync(guest) ? fs.readdirSync(guest) : [];
  if (files.length) console.log(`  • VM guest: shipping ${files.length} files from vm/dist/guest as resources/guest.`);
  else console.log('  • VM guest: vm/dist/guest is missing or empty, so this package has no VM guest; build the guest first for a package that can run its own engine on macOS and Windows.');
  // WSL 2, the default driver on Windows, imports the guest's root file system rather than booting it.
  if (platform === 'win32' && files.length && !files.includes('rootfs.tar')) {
    console.log('  • VM guest: no rootfs.tar, so the WSL 2 driver cannot start in this package (QEMU still can); build the guest with npm run vm:build -- --wsl.');
  }
}
