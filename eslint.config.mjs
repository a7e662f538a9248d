// @ts-check
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The rings (docs/architecture.md): `src/engine/` is plain TypeScript that
 * could run a CLI tomorrow, so it never imports `vscode` or an adapter; inside
 * it each folder imports only the folders below it. Adapters never import each
 * other sideways. Patterns are relative-path globs as written in imports.
 */
/** Where the rings apply: the code, and the planted violations test/unit/lint/ proves they catch. */
const roots = ['src', 'test/fixtures/lint/src'];
/** @param {string} glob relative to a root */
const under = (glob) => roots.map((r) => `${r}/${glob}`);
const leafAdapters = ['commands', 'launch', 'statusBar', 'terminal', 'tree'];
/** @param {string} self the adapter folder whose files these rules cover */
const adapterFolder = (self) => ({
  'no-restricted-imports': ['error', {
    patterns: [{
      group: leafAdapters.filter((a) => a !== self).map((a) => `../${a}/*`).concat(['../cli/*', '../extension', '../api']),
      message: 'Adapters do not import each other or src/cli/: share through src/services/, src/messages/, src/config/ or the engine.',
    }],
  }],
});
const noVscode = { name: 'vscode', message: 'src/engine/ is plain TypeScript: no vscode here (see docs/architecture.md).' };
const outOfEngine = { group: ['../../*'], message: 'src/engine/ must not import adapters.' };
/** @param {string[]} banned folders of the engine this folder may not import (`!path`: an exception) @param {string} why */
const engineFolder = (banned, why) => ({
  'no-restricted-imports': ['error', {
    paths: [noVscode],
    patterns: [outOfEngine, ...(banned.length ? [{ group: banned.map((f) => (f.startsWith('!') ? f : `../${f}/*`)), message: why }] : [])],
  }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'test/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // A cycle anywhere in src/ fails lint.
    files: under('**/*.ts'),
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
      // Dependencies are parsed too, to follow the cycle through them.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  ...leafAdapters.map((a) => ({ files: under(`${a}/**/*.ts`), rules: adapterFolder(a) })),
  ...['services', 'messages', 'config'].map((a) => ({ files: under(`${a}/**/*.ts`), rules: adapterFolder(a) })),
  {
    // The command line runs outside VS Code: the engine only, no adapter.
    files: under('cli/**/*.ts'),
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/cli/ runs in any shell: no vscode here (see docs/architecture.md).' }],
        patterns: [{ group: [...leafAdapters, 'services', 'messages', 'config'].map((a) => `../${a}/*`).concat(['../extension', '../api']), message: 'src/cli/ imports only src/engine/.' }],
      }],
    },
  },
  // Every file of the engine, at its root or in a folder not listed below: no vscode, no adapter.
  { files: under('engine/*.ts'), rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ ...outOfEngine, group: ['../*'] }] }] } },
  { files: under('engine/*/**/*.ts'), rules: engineFolder([], '') },
  { files: under('engine/proc/**/*.ts'), rules: engineFolder(['sockets', 'ports', 'launch', 'view', 'containers'], 'proc/ is the bottom ring: it imports no other engine folder.') },
  // ports/ may read sockets/address.ts alone: how an `address:port` is written
  // (IPv6 in brackets) is one piece of knowledge, and a port's host is an address.
  { files: under('engine/ports/**/*.ts'), rules: engineFolder(['sockets', '!../sockets/address', 'launch', 'view', 'containers'], 'ports/ may import only proc/ (and sockets/address for formatEndpoint).') },
  { files: under('engine/sockets/**/*.ts'), rules: engineFolder(['ports', 'launch', 'view', 'containers'], 'sockets/ may import only proc/.') },
  // containers/ answers whose a published port is: it reads the socket model, nothing above it.
  { files: under('engine/containers/**/*.ts'), rules: engineFolder(['ports', 'launch', 'view'], 'containers/ may import only sockets/ and proc/.') },
  { files: under('engine/view/**/*.ts'), rules: engineFolder(['ports', 'launch'], 'view/ reads only sockets/, proc/ and containers/.') },
  { files: under('engine/launch/**/*.ts'), rules: engineFolder(['view', 'containers'], 'launch/ may import sockets/, proc/ and ports/, not view/ or containers/.') },
);
