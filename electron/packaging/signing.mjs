// What `npm run dist` will do about code signing and notarization, decided from the environment variables
// electron-builder itself reads (https://www.electron.build/code-signing). electron-builder signs and
// notarizes on its own when they are set; this module only says so up front, in sentences, and stops a
// build whose credentials are half set before it spends minutes packaging something it cannot notarize.

const NOTARY_SETS = [
  { how: 'an App Store Connect API key (APPLE_API_KEY)', vars: ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'] },
  { how: 'an Apple ID (APPLE_ID)', vars: ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'] },
  { how: 'the notarytool keychain profile in APPLE_KEYCHAIN_PROFILE', vars: ['APPLE_KEYCHAIN_PROFILE'] },
];

const set = (env, name) => typeof env[name] === 'string' && env[name].trim() !== '';

/**
 * The signing plan for one target platform ('darwin', 'win32', 'linux'): `notes` to print, and `error`
 * when the variables contradict each other and the build should stop now.
 * @param {string} platform
 * @param {Record<string, string | undefined>} env
 * @param {string} [host] the platform the build runs on
 * @returns {{ notes: string[], error?: string }}
 */
export function signingPlan(platform, env, host = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return macPlan(env, host);
  if (platform === 'win32') return windowsPlan(env);
  return { notes: ['Linux: AppImage and deb packages are not code-signed; publish their checksums next to them.'] };
}

function macPlan(env, host) {
  const notes = [];
  let signs;
  if (host !== 'darwin') {
    notes.push('macOS: not signed, because macOS apps can only be signed on a Mac.');
    signs = false;
  } else if (set(env, 'CSC_LINK')) {
    notes.push('macOS: signing with the certificate in CSC_LINK.');
    signs = true;
  } else if (set(env, 'CSC_NAME')) {
    notes.push(`macOS: signing with the keychain identity “${env.CSC_NAME}” (CSC_NAME).`);
    signs = true;
  } else if (env.CSC_IDENTITY_AUTO_DISCOVERY === 'false') {
    notes.push('macOS: not signed (CSC_IDENTITY_AUTO_DISCOVERY=false). macOS will refuse to open the app until its user allows it in System Settings.');
    signs = false;
  } else {
    notes.push(
      'macOS: CSC_LINK is not set, so electron-builder signs with a “Developer ID Application” identity from this Mac’s keychain if there is one, and otherwise leaves the app unsigned (macOS then refuses to open it until its user allows it in System Settings).',
    );
    signs = undefined;
  }

  const partial = NOTARY_SETS.find((s) => s.vars.some((v) => set(env, v)) && !s.vars.every((v) => set(env, v)));
  const complete = NOTARY_SETS.find((s) => s.vars.every((v) => set(env, v)));
  if (partial && !complete) {
    const missing = partial.vars.filter((v) => !set(env, v));
    return { notes, error: `Notarization needs ${partial.vars.join(', ')} together; ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set.` };
  }
  if (!complete) {
    notes.push('macOS: not notarized. To notarize, set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER (or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID).');
  } else if (signs === false) {
    notes.push(`macOS: not notarized although ${complete.how} is set: Apple notarizes only signed apps.`);
  } else {
    notes.push(`macOS: notarizing with ${complete.how} once the app is signed.`);
  }
  return { notes };
}

function windowsPlan(env) {
  if (set(env, 'WIN_CSC_LINK')) return { notes: ['Windows: signing with the certificate in WIN_CSC_LINK.'] };
  if (set(env, 'CSC_LINK')) return { notes: ['Windows: signing with the certificate in CSC_LINK.'] };
  return {
    notes: ['Windows: not signed (set WIN_CSC_LINK or CSC_LINK, and CSC_KEY_PASSWORD, to sign). SmartScreen warns people who download an unsigned installer.'],
  };
}
