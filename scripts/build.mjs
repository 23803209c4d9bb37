// Bundles the three entry points: the extension host (CommonJS, vscode external), the CLI and
// the webviews (one bundle per panel). better-sqlite3 stays external: it loads its native binary from node_modules;
// pg-native too: pg only tries it when asked (the team store uses pg's pure-JS client).
// Also writes l10n/bundle.l10n.json, every user-facing string of the host and the webviews, which
// translations (l10n/bundle.l10n.<language>.json) are made from.
import { getL10nJson } from '@vscode/l10n-dev';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');

/**
 * `import * as vscode from 'vscode'` makes esbuild copy the API object's every property into a
 * namespace object, once per importing file (__toESM: 114 files × 200 names), the largest share of
 * running the bundle at load. Instead 'vscode' resolves to one module that reads the API's names
 * (from @types/vscode: what the code can use) once and re-exports them; importers reference those.
 * (node:fs is left as it is: reading all its names at once trips its deprecated ones' warnings.)
 */
const vscodeApiNames = [...new Set([...fs.readFileSync('node_modules/@types/vscode/index.d.ts', 'utf8').matchAll(/^\texport (?:namespace|class|enum|function|const|let) (\w+)/gm)].map((m) => m[1]))];
const vscodeApiOnce = {
  name: 'vscode-api-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: `const api = require('vscode');\nexport const { ${vscodeApiNames.join(', ')} } = api;\n`, loader: 'js' }));
  },
};
/**
 * The extension's entry (dist/extension.js) only registers; the features are a bundle of their own,
 * dist/features.js, which the entry requires on first need (src/extension/extension.ts): VS Code's
 * activation time is requiring the entry plus activate(), so the heavy code stays out of it.
 */
const featuresApart = {
  name: 'features-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/features$/ }, (args) => (args.importer.endsWith(path.join('src', 'extension', 'extension.ts')) ? { path: './features.js', external: true } : undefined));
  },
};
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

// A clean folder for the package: a stale file (a source map from a dev build) must never reach it.
// Dev builds only overwrite, so a test run reading dist/ never sees it vanish under a rebuild.
if (production) fs.rmSync('dist', { recursive: true, force: true });

await Promise.all([
  esbuild.build({
    ...common,
    // The ingest and data workers are threads of the extension host: imports, profiles and drift
    // checks never block it.
    entryPoints: { extension: 'src/extension/extension.ts', features: 'src/extension/features.ts', ingestWorker: 'src/ingest/worker/ingestWorker.ts', dataWorker: 'src/data/worker/dataWorker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode', 'better-sqlite3', 'pg-native'],
    plugins: [featuresApart, vscodeApiOnce],
  }),
  esbuild.build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['better-sqlite3', 'pg-native'],
    banner: { js: '#!/usr/bin/env node' },
  }),
  esbuild.build({
    ...common,
    entryPoints: { run: 'webview/run/main.ts', compare: 'webview/compare/main.ts', drift: 'webview/drift/main.ts', monitor: 'webview/monitor/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  }),
]);

// Codicons for the webviews, from the package VS Code's own icons come from (the CSS names its font beside it).
for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join('node_modules', '@vscode', 'codicons', 'dist', file), path.join('dist', 'webview', file));

/** The strings `vscode.l10n.t` and `l10n.t` (webviews) are called with, in source order. */
async function writeL10nBundle() {
  const sources = ['src/extension', 'webview'].flatMap((dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.ts')).sort().map((f) => path.join(dir, f)));
  const strings = await getL10nJson(sources.map((file) => ({ extension: '.ts', contents: fs.readFileSync(file, 'utf8') })));
  fs.mkdirSync('l10n', { recursive: true });
  fs.writeFileSync('l10n/bundle.l10n.json', `${JSON.stringify(strings, null, 2)}\n`);
}

await writeL10nBundle();
