// electron-builder's beforeBuild hook. Resolving to false tells it that node_modules are handled outside
// electron-builder: it then neither rebuilds native modules for Electron nor copies node_modules into the
// app archive. Both are right for Berth: esbuild bundles every dependency into dist/ (see
// esbuild.config.mjs), and the only native modules in node_modules are optional speed-ups of ssh2 and ws
// that the bundles load only when present.
export default async function beforeBuild() {
  return false;
}
