import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

// The layers of ../shared/DESIGN.md and docs/decisions.md, and what each may import. An import
// against them is a lint error. Imports inside one layer are free.
const LAYERS = [
  // Pure functions that run on both sides, host and webviews: formats, smoothing, table cells.
  { type: 'common', pattern: 'src/common' },
  // The pure domain: no I/O, no vscode.
  { type: 'core', pattern: 'src/core' },
  { type: 'store', pattern: 'src/store' },
  { type: 'git', pattern: 'src/git' },
  // Artifact files on disk: hashing, shared by imports and the registry.
  { type: 'artifacts', pattern: 'src/artifacts' },
  // Data files (CSV, TSV, Parquet, JSON lines): reading them as columns, their profiles on disk.
  { type: 'data', pattern: 'src/data' },
  { type: 'ingest', pattern: 'src/ingest' },
  { type: 'registry', pattern: 'src/registry' },
  // Monitoring: batches of new data found by monitor.yaml's globs, checked and kept in the store.
  { type: 'monitor', pattern: 'src/monitor' },
  // The team store: a PostgreSQL database the local stores sync with (runs leave one laptop).
  { type: 'team', pattern: 'src/team' },
  { type: 'cli', pattern: 'src/cli' },
  { type: 'extension', pattern: 'src/extension' },
  // Messages between the extension and its webviews.
  { type: 'protocol', pattern: 'src/protocol' },
  { type: 'webview', pattern: 'webview' },
  // Generators the tests and benchmarks share.
  { type: 'testkit', pattern: 'testkit' },
  { type: 'test-unit', pattern: 'test/unit' },
  { type: 'test-webview', pattern: 'test/webview' },
  { type: 'test-host', pattern: 'test/{vscode,electron,e2e}' },
  { type: 'bench', pattern: 'bench' },
  { type: 'scripts', pattern: 'scripts' },
].map((layer) => ({ ...layer, partialMatch: false }));

const BELOW_EXTENSION = ['common', 'core', 'store', 'git', 'artifacts', 'data', 'ingest', 'registry', 'monitor', 'team'];

/** `from` may import `to`; type-only imports when `types` is set. */
const may = (from, to, { types = false } = {}) => ({
  from: { element: { types: { anyOf: from } } },
  allow: { to: { element: { types: { anyOf: to } } }, ...(types ? { dependency: { kind: 'type' } } : {}) },
});

const layerPolicies = [
  may(['common'], ['common']),
  may(['core'], ['common']),
  may(['store', 'git', 'artifacts'], ['common', 'core']),
  // A run's artifact roots are found from the run the store holds; the store is passed in.
  may(['artifacts'], ['store'], { types: true }),
  may(['data'], ['common', 'core', 'artifacts']),
  may(['ingest'], ['common', 'core', 'store', 'artifacts']),
  may(['registry'], ['common', 'core', 'store', 'git', 'artifacts', 'data']),
  may(['monitor'], ['common', 'core', 'store', 'git', 'artifacts', 'data', 'registry']),
  // Sync reads and writes the local store; what gets into that store (imports) is the caller's.
  may(['team'], ['common', 'core', 'store']),
  may(['cli'], BELOW_EXTENSION),
  may(['extension'], [...BELOW_EXTENSION, 'protocol']),
  // What a webview runs is its own code, the protocol and common: core reaches it as types only.
  may(['protocol'], ['common']),
  may(['protocol'], ['core'], { types: true }),
  may(['webview'], ['common', 'protocol']),
  may(['webview'], ['core'], { types: true }),
  // Tests and benchmarks share generators through testkit, never each other.
  may(['testkit'], BELOW_EXTENSION),
  may(['test-unit'], [...BELOW_EXTENSION, 'cli', 'protocol', 'webview', 'testkit', 'scripts']),
  may(['test-webview'], ['common', 'core', 'protocol', 'testkit']),
  may(['test-host'], [...BELOW_EXTENSION, 'extension', 'protocol', 'testkit', 'scripts']),
  may(['bench'], [...BELOW_EXTENSION, 'cli', 'extension', 'protocol', 'testkit']),
  may(['scripts'], BELOW_EXTENSION),
];

// Third-party modules that belong to one layer each: the editor API, git and SQLite.
const OWNED_MODULES = {
  vscode: 'Only src/extension/ (and its extension-host tests) may import vscode; keep the layers below it editor-free.',
  'simple-git': 'Only src/git/ runs git; call its functions (GitRepo, gitDirsOf, …) instead.',
  'better-sqlite3': 'Only src/store/ (and src/ingest/mlflowDb/, which reads MLflow\'s own database) opens SQLite.',
  pg: 'Only src/team/ talks to PostgreSQL; call its functions instead.',
  'pg-copy-streams': 'Only src/team/ talks to PostgreSQL; call its functions instead.',
};
/** no-restricted-imports for every owned module but those named. */
const onlyOwnModules = (...allowed) => ({
  'no-restricted-imports': ['error', {
    paths: Object.entries(OWNED_MODULES).filter(([name]) => !allowed.includes(name)).map(([name, message]) => ({ name, message })),
  }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'examples/**', 'test/fixtures/**', 'test-results/**', 'clients/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': LAYERS,
      'import/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } },
    },
    rules: {
      ...onlyOwnModules('simple-git', 'better-sqlite3', 'pg', 'pg-copy-streams'),
      'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  { files: ['src/**/*.ts', 'webview/**/*.ts'], rules: onlyOwnModules() },
  { files: ['src/extension/**/*.ts'], rules: onlyOwnModules('vscode') },
  { files: ['src/git/**/*.ts'], rules: onlyOwnModules('simple-git') },
  { files: ['src/store/**/*.ts', 'src/ingest/mlflowDb/**/*.ts'], rules: onlyOwnModules('better-sqlite3') },
  { files: ['src/team/**/*.ts'], rules: onlyOwnModules('pg', 'pg-copy-streams') },
  { files: ['test/vscode/**/*.ts', 'bench/vscode/**/*.ts'], rules: onlyOwnModules('vscode', 'simple-git', 'better-sqlite3', 'pg', 'pg-copy-streams') },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', fetch: 'readonly' } },
  },
  {
    files: ['test/webview/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', sessionStorage: 'readonly', structuredClone: 'readonly' } },
  },
);
