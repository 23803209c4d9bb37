// Bundles the three entry points: the extension host (CommonJS, vscode external), the CLI and
// the webviews (one bundle per panel). better-sqlite3 stays external: it loads its native binary from node_modules.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

// A clean folder for the package: a stale file (a source map from a dev build) must never reach it.
// Dev builds only overwrite, so a test run reading dist/ never sees it vanish under a rebuild.
if (production) fs.rmSync('dist', { recursive: true, force: true });

await Promise.all([
  esbuild.build({
    ...common,
    // The ingest worker is a thread of the extension host: imports never block it.
    entryPoints: { extension: 'src/extension/extension.ts', ingestWorker: 'src/ingest/worker/ingestWorker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode', 'better-sqlite3'],
  }),
  esbuild.build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['better-sqlite3'],
    banner: { js: '#!/usr/bin/env node' },
  }),
  esbuild.build({
    ...common,
    entryPoints: { run: 'webview/run/main.ts', compare: 'webview/compare/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  }),
]);
