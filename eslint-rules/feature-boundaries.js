// A feature (renderer/src/features/<name>/) imports its own files and the shared folders (components/, app/,
// rpc/, styles/, and the contract's types), and another feature only where that is a real dependency listed
// below with its reason. A new cross-feature import fails lint until it is moved into a shared folder or
// added here with a reason, so the features stay pieces that can be read, moved and split on their own.
import path from 'node:path';

// Features every engine-backed page is built on: importing them from any feature is expected.
const services = {
  'engines/api': 'whether the engine runs: every engine-backed query waits for it',
  'engines/PageGate': 'the one gate every engine-backed page sits behind',
  'engines/EngineRequired': 'the one gate every engine-backed page sits behind',
  'app-info/api': 'what this host can do (desktop or browser mode: dialogs, downloads)',
  'tasks/store': 'the task centre: long work started on any page is followed there',
  'containers/api': 'the live list of containers, which other pages read and filter',
  'preferences/theme': 'the theme on screen, which views drawn outside CSS (terminal, charts) follow',
};

// Features made of other features (a page embedding another's view, a list opening another's dialog).
const composition = {
  'command-palette': { '*': 'the palette lists every feature’s commands and opens their dialogs' },
  compose: {
    'container-logs/ProjectLogs': 'a project page shows its services’ merged logs',
    'containers/StateBadge': 'service rows show container states as the containers list does',
    'images/build.css': 'compose builds show the image build output',
  },
  'container-details': {
    'container-logs/ContainerLogs': 'the Logs tab',
    'container-terminal/ContainerTerminal': 'the Terminal tab',
    'container-stats/hub': 'the Stats tab',
    'container-stats/useLiveStats': 'the Stats tab',
    'containers/actions': 'the header offers the container actions the list defines, with the same words and states',
    'containers/RemoveDialog': 'removing from the details page asks as the list does',
    'containers/StateBadge': 'the header shows the state as the list does',
    'containers/store': 'container actions run through the list’s action store',
    'networks/NetworkModeExplainer': 'the Network section explains the mode as the Networks page does',
    'run-container/store': 'Run again / Duplicate open the run dialog',
  },
  containers: {
    'container-logs/ProjectLogsButton': 'a project group opens its merged logs',
    'container-stats/UsageCell': 'the list’s CPU and memory column',
    'run-container/store': 'the Run button opens the run dialog',
  },
  disk: { 'images/images.css': 'disk pages share the images page’s header and dialog styles (to split into styles/)' },
  engines: { 'vm/api': 'the engine gate offers to start the VM when the engine is the VM' },
  images: {
    'registries/api': 'push and pull sign in to registries',
    'run-container/store': 'Run opens the run dialog with this image',
    'tasks/ProgressBar': 'build output shows a task’s progress',
    'tasks/notify': 'a build shown on its page is not announced again by the task centre',
  },
  networks: {
    'disk/CleanUpDialog': 'Remove unused networks is one part of Clean up',
    'images/images.css': 'shares the images page’s header and dialog styles (to split into styles/)',
  },
  preferences: { 'engines/managed-api': 'the Engine section sets up the engine Berth runs' },
  'run-container': { 'images/tasks/transfer': 'running an image that is not here offers to pull it' },
  swarm: {
    'container-logs/ContainerLogs': 'a service page shows its logs as a container page does',
    'run-container/model/shell-words': 'a service’s command is typed and split as docker run’s is',
    'images/images.css': 'shares the images page’s header and dialog styles (to split into styles/)',
    'engines/engines.css': 'the Swarm page is laid out as the Engines page (to split into styles/)',
    'networks/networks.css': 'service networks are shown as the Networks page shows them (to split into styles/)',
  },
  tasks: { 'preferences/api': 'notifications follow the preferences' },
  vm: { 'engines/engines.css': 'the VM page is laid out as the Engines page (to split into styles/)' },
  volumes: {
    'disk/CleanUpDialog': 'Remove unused volumes is one part of Clean up',
    'images/images.css': 'shares the images page’s header and dialog styles (to split into styles/)',
  },
};

const FEATURES = `${path.sep}renderer${path.sep}src${path.sep}features${path.sep}`;

/** features/<name>/<module> of a file path, or undefined when it is not in a feature. */
function featureOf(file) {
  const at = file.indexOf(FEATURES);
  if (at < 0) return undefined;
  const rest = file.slice(at + FEATURES.length).split(path.sep);
  return { name: rest[0], module: rest.slice(1).join('/').replace(/\.(tsx?|js)$/, '') };
}

export const featureBoundaries = {
  meta: { type: 'problem', schema: [], messages: { cross: '{{from}} imports {{target}} from another feature: move the shared piece into components/, app/ or styles/, or list it with a reason in eslint-rules/feature-boundaries.js.' } },
  create(context) {
    const from = featureOf(context.filename);
    if (!from) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = featureOf(path.resolve(path.dirname(context.filename), source));
      if (!to || to.name === from.name) return;
      const target = `${to.name}/${to.module}`;
      const allowed = composition[from.name] ?? {};
      if (services[target] || allowed['*'] || allowed[target]) return;
      context.report({ node, messageId: 'cross', data: { from: from.name, target } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'feature-boundaries': featureBoundaries } };
