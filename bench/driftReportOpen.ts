import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { BenchResult } from './report';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * drift.report_open: the drift report webview in real Chromium (the browser tests' harness, under
 * the panel's CSP), time from the host's message to the first paint of data for a 50-column
 * report, beside the same pipeline with 5 columns, medians of the runs the test makes. The
 * harness serves the built page, so the figure is measured by its test and read from its output.
 */
export function benchDriftReportOpen(): BenchResult[] {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run-webview-tests.mjs'), 'driftState'], { cwd: ROOT, encoding: 'utf8' });
  const line = /^drift\.report_open: ([\d.]+) ms \(baseline, 5 columns: ([\d.]+) ms; ratio [\d.]+; runs ([^)]*)\)/m.exec(run.stdout);
  if (run.status !== 0 || !line) throw new Error(`drift.report_open: the drift webview tests failed or printed no figure:\n${run.stdout}\n${run.stderr}`);
  const [value, baseline] = [Number(line[1]), Number(line[2])];
  return [
    {
      name: 'drift.report_open',
      value,
      unit: 'ms',
      baseline,
      ratio: value / baseline,
      note: `50-column report to the first paint of data (verdict and table) in Chromium, median (runs ${line[3]}); baseline: 5 columns; goal 300 ms`,
    },
  ];
}
