import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchResult } from './report';

const ROOT = path.resolve(__dirname, '..', '..');

/** The minified bundle of one webview entry, as the packaged extension ships it. */
async function minifiedBundle(entry: string): Promise<Uint8Array> {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'webview', entry, 'main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents;
}

/**
 * The compare panel's bundle (charts included) beside the run panel's (Lit and the elements
 * only): what a panel costs to load, minified and gzipped.
 */
export async function benchWebviewBundle(): Promise<BenchResult[]> {
  const compare = await minifiedBundle('compare');
  const run = await minifiedBundle('run');
  const kib = (bytes: number) => bytes / 1024;
  return [
    {
      name: 'webview.compare_bundle',
      value: kib(compare.length),
      unit: 'KiB',
      baseline: kib(run.length),
      ratio: compare.length / run.length,
      note: `dist/webview/compare.js minified (${compare.length.toLocaleString('en-US')} B, ${gzipSync(compare).length.toLocaleString('en-US')} B gzipped); baseline: the run panel's bundle, minified the same way (${gzipSync(run).length.toLocaleString('en-US')} B gzipped)`,
    },
  ];
}
