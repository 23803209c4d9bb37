import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { BenchResult } from './report';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * media.compare_20: the compare webview in real Chromium (the browser tests' harness, under the
 * panel's CSP), time from the host's message to every thumbnail of 20 runs' images at one step
 * loaded and decoded, beside the same 20 image files loaded as bare <img> elements in the same
 * browser; also with the page's metric charts drawn in the same render. The message carries
 * URIs: its size is in the note. Measured by its test and read from its output.
 */
export function benchMediaCompare(): BenchResult[] {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run-webview-tests.mjs'), 'mediaTiming'], { cwd: ROOT, encoding: 'utf8' });
  const pattern = (name: string) => new RegExp(`^${name.replace(/[()]/g, '\\$&')}: ([\\d.]+) ms \\(baseline, [^:]*: ([\\d.]+) ms; ratio [\\d.]+; runs ([^;]*); message (\\d+) B for (\\d+) image URIs, images on disk (\\d+) B\\)`, 'm');
  const read = (name: string, goal: string): BenchResult => {
    const line = pattern(name).exec(run.stdout);
    if (run.status !== 0 || !line) throw new Error(`${name}: the media timing webview test failed or printed no figure:\n${run.stdout}\n${run.stderr}`);
    const [value, baseline] = [Number(line[1]), Number(line[2])];
    return {
      name: name === 'media.compare_20' ? name : 'media.compare_20_with_charts',
      value,
      unit: 'ms',
      baseline,
      ratio: value / baseline,
      note: `host message to all 20 thumbnails loaded in Chromium, median (runs ${line[3]}); message ${Number(line[4]).toLocaleString('en-US')} B carrying ${line[5]} image URIs (the images: ${Number(line[6]).toLocaleString('en-US')} B on disk); baseline: the same 20 images as bare <img>; ${goal}`,
    };
  };
  return [read('media.compare_20', 'goal 500 ms'), read('media.compare_20 (with charts)', 'the Media section below two 20-run metric charts drawn in the same render')];
}
