// electron-builder's beforePack hook: before packaging each platform, says in plain words whether the
// package will be signed and notarized (see signing.mjs) and whether it carries the VM guest.
//
// The VM guest (kernel, initramfs, root image and manifest, built into vm/dist/guest-<arch> by the VM's build script)
// is shipped through the `extraResources` entry of package.json's `build` section, as
// `<resources>/guest/`, which the packaged app finds through process.resourcesPath. electron-builder
// skips an extraResources folder that does not exist, so a package built without the guest is still
// made; this hook says so, because Berth on macOS and Windows then cannot start its own engine.
// A guest built for the other architecture than the package's is refused: it would only run emulated
// (an x86-64 guest on Apple silicon boots several times slower and runs every container emulated).
import fs from 'node:fs';
import path from 'node:path';
import { signingPlan } from './signing.mjs';

const told = new Set();
/** electron-builder's Arch enum → Debian's architecture names, which the guest's manifest uses. */
const DEBIAN_ARCH = { 1: 'amd64', 3: 'arm64' };
/** …and to the names the guest's folders under vm/dist use (Node's, as electron-builder's ${arch} expands). */
const ARCH_NAME = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };
const hostArch = () => (process.arch === 'arm64' ? 'arm64' : 'amd64');

export default async function beforePack(context) {
  const platform = context.electronPlatformName;
  const arch = DEBIAN_ARCH[context.arch];
  if (told.has(`${platform}-${context.arch}`)) return;
  told.add(`${platform}-${context.arch}`);
  const plan = signingPlan(platform, process.env);
  for (const note of plan.notes) console.log(`  • ${note}`);
  if (plan.error) throw new Error(plan.error);

  // Each package carries the guest of its own architecture: vm/dist/guest-x64 or vm/dist/guest-arm64.
  const folder = `vm/dist/guest-${ARCH_NAME[context.arch] ?? context.arch}`;
  const guest = path.join(context.packager.projectDir, folder);
  const files = fs.existsSync(guest) ? fs.readdirSync(guest) : [];
  const buildIt = `npm run vm:build${arch && arch !== hostArch() ? ` -- --arch ${arch}` : ''}`;
  if (files.length) {
    let built;
    try {
      built = JSON.parse(fs.readFileSync(path.join(guest, 'manifest.json'), 'utf8')).arch ?? 'amd64';
    } catch {
      throw new Error(`${folder} has no readable manifest.json: build the guest again with ${buildIt}.`);
    }
    if (arch && built !== arch) throw new Error(`${folder} holds a guest built for ${built} but this package is for ${arch}: build it again with ${buildIt}.`);
    console.log(`  • VM guest: shipping ${files.length} files from ${folder} as resources/guest.`);
  } else {
    console.log(`  • VM guest: ${folder} is missing or empty, so this package has no VM guest; build it first (${buildIt}) for a package that can run its own engine on macOS and Windows.`);
  }
  // WSL 2, the default driver on Windows, imports the guest's root file system rather than booting it.
  if (platform === 'win32' && files.length && !files.includes('rootfs.tar')) {
    console.log('  • VM guest: no rootfs.tar, so the WSL 2 driver cannot start in this package (QEMU still can); build the guest with npm run vm:build -- --wsl.');
  }
}
