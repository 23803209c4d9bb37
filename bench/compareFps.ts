import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameTimes } from './compareFpsPage';
import { percentile, type BenchResult } from './report';

const ROOT = path.resolve(__dirname, '..', '..');
/** The frame budget at 60 frames per second. */
const BUDGET_MS = 1000 / 60;

interface Measured {
  firstDrawMs: number;
  idle: FrameTimes;
  table: FrameTimes;
  charts: FrameTimes;
}

/**
 * Frames per second and the 95th-percentile frame time while the compare webview (the real bundle,
 * in Chromium, in the webview tests' harness) scrolls the table and zooms the charts of `message`
 * (a first state as the panel posts it). Printed, never asserted.
 */
export function benchCompareFps(message: unknown, what: string): BenchResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-compare-fps-'));
  try {
    const statePath = path.join(dir, 'state.json');
    const outPath = path.join(dir, 'frames.json');
    fs.writeFileSync(statePath, JSON.stringify(message));
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run-webview-tests.mjs'), 'out/bench/compareFpsPage.js'], {
      cwd: ROOT,
      env: { ...process.env, COMPARE_FPS_STATE: statePath, COMPARE_FPS_OUT: outPath },
      encoding: 'utf8',
    });
    if (!fs.existsSync(outPath)) throw new Error(`the webview frame measurement failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    const measured = JSON.parse(fs.readFileSync(outPath, 'utf8')) as Measured;
    const idleP95 = percentile(measured.idle.frames, 0.95);
    // The harness' own floor: headless Chromium without a GPU does not draw an idle page at 60 fps either (55-57 measured here).
    const idleFps = framesPerSecond(measured.idle.frames);
    return (['table', 'charts'] as const).flatMap((part) => {
      const { frames, longTasks } = measured[part];
      const fps = framesPerSecond(frames);
      const p95 = percentile(frames, 0.95);
      const doing = part === 'table' ? 'scrolling the table (40 px down and across a frame)' : 'zooming the first chart (a sliding dataZoom window, every line redrawn)';
      const common = `${what}, ${doing}, ${frames.length} frames in headless Chromium (--disable-gpu) with the real bundle; ${longTasks} long tasks; first draw ${measured.firstDrawMs} ms`;
      return [
        { name: `compare.open_100x1m_${part}_fps`, value: fps, unit: 'fps', baseline: 60, ratio: fps / 60, note: `${common}; baseline: 60 fps (the idle page, nothing moving: ${idleFps.toFixed(1)} fps)` },
        { name: `compare.open_100x1m_${part}_p95`, value: p95, unit: 'ms', baseline: BUDGET_MS, ratio: p95 / BUDGET_MS, note: `95th-percentile frame time, same frames; baseline: the 16.7 ms frame budget (idle page: p95 ${idleP95.toFixed(1)} ms)` },
      ];
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function framesPerSecond(frames: readonly number[]): number {
  return (frames.length * 1000) / frames.reduce((a, b) => a + b, 0);
}
