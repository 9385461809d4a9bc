// Lint is where the layers (README.md, "Architecture") are enforced, so nobody has to remember them:
//   renderer/ never imports Node, Electron, engine/ or vm/ (the contract excepted: types, and its pure errors);
//   a renderer feature imports only the shared folders and its own files (eslint-rules/feature-boundaries.js);
//   engine/ and vm/ never import Electron or React; raw ipcMain/ipcRenderer live only in the IPC files;
//   engine/ uses vm/ only through its provider, and vm/ uses only engine/'s leaves (contract, paths, ownership);
//   an address in the renderer is a route of app/routes.ts, never a '#/…' string (routeSyntax).
import tseslint from 'typescript-eslint';
import berth from './eslint-rules/feature-boundaries.js';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'events', 'util', 'url', 'zlib', 'tls', 'dns', 'worker_threads'];
const nodeImports = [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`), 'node:*'];

const ipcSyntax = [
  { selector: "ImportSpecifier[imported.name='ipcMain']", message: 'Pages connect to the backend in electron/pages.ts; anything else the backend needs from the main process is a message (electron/backend-process/messages.ts).' },
  { selector: "ImportSpecifier[imported.name='ipcRenderer']", message: 'Only the preload talks to ipcRenderer.' },
];
// An address is a route of renderer/src/app/routes.ts, built with href()/navigate(): never a string.
const routeSyntax = [
  { selector: 'Literal[value=/^#\\//]', message: 'Build the address from the route table: href(name, params) from app/router.ts.' },
  { selector: 'TemplateLiteral > TemplateElement:first-child[value.raw=/^#\\//]', message: 'Build the address from the route table: href(name, params) from app/router.ts.' },
  { selector: "AssignmentExpression > MemberExpression.left[property.name='hash']", message: 'Change page with navigate(name, params) from app/router.ts.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'assets/**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeImports.filter((m) => !m.endsWith('*')).map((name) => ({ name, message: 'The renderer never uses Node: ask the backend through the contract.' })),
            { name: 'electron', message: 'The renderer never imports Electron: the preload bridge is reached through renderer/src/rpc.' },
          ],
          patterns: [
            { regex: '(^|/)engine/(?!contract/)', message: 'The renderer reaches engine/ only through the contract.' },
            { regex: '(^|/)engine/contract/(contract|types|protocol)$', allowTypeImports: true, message: 'Import the contract for types only (import type ...).' },
            // Only the top-level folders (reached by climbing out of renderer/src), not the feature named vm (../vm/).
            { regex: '^(\\.\\./){2,}(vm|electron)/', message: 'The renderer never imports vm/ or electron/ code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/src/features/**/*.{ts,tsx}'],
    plugins: { berth },
    rules: { 'berth/feature-boundaries': 'error' },
  },
  {
    files: ['engine/**/*.ts', 'vm/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'engine/ and vm/ run in plain Node too: never import Electron.' }],
          patterns: [
            { group: ['react', 'react-dom', 'react/*', '@tanstack/*', 'zustand'], message: 'engine/ and vm/ never import UI code.' },
            { group: ['**/renderer/**', '**/electron/**'], message: 'engine/ and vm/ never import the layers above them.' },
          ],
        },
      ],
    },
  },
  // One direction between engine/ and vm/: the backend uses the VM through one provider
  // (engine/providers/vm-engine.ts); vm/ knows nothing of the backend and uses only engine/'s leaves: the
  // contract's types and errors, the paths, and the ownership records.
  {
    files: ['engine/**/*.ts'],
    ignores: ['engine/providers/vm-engine.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+vm/', message: 'engine/ reaches the VM only through engine/providers/vm-engine.ts (its provider).' }] },
      ],
    },
  },
  {
    // A leaf both engine/ and vm/ use: it imports nothing of either.
    files: ['engine/ownership/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./', message: 'engine/ownership is a leaf: it imports nothing outside its folder.' }] }],
    },
  },
  {
    files: ['vm/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+engine/(?!contract/|paths$|ownership/)',
              message: 'vm/ never imports the backend: only engine/contract, engine/paths and engine/ownership (leaves that import nothing of engine/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['electron/pages.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-syntax': ['error', ...ipcSyntax] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/src/app/router.ts', 'renderer/src/app/routes.ts'],
    rules: { 'no-restricted-syntax': ['error', ...ipcSyntax, ...routeSyntax] },
  },
  {
    // The backend process is an Electron utility process: main-process APIs (windows, dialogs, the keychain)
    // do not exist there, and tests run it as a plain Node child. What it needs from them is a message.
    files: ['electron/backend-process/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The backend process has no Electron main-process APIs: ask the main process by message (electron/backend-process/messages.ts).' }] },
      ],
    },
  },
  {
    files: ['electron/browser-mode/**/*.ts', 'electron/launch*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Browser mode and the launcher run in plain Node, where Electron does not exist.' }] }],
    },
  },
);
