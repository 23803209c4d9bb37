import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Measured } from './compareFpsPage';
import { median, percentile, type BenchResult } from './report';

const ROOT = path.resolve(__dirname, '..', '..');
/** The frame budget at 60 frames per second. */
const BUDGET_MS = 1000 / 60;

/**
 * Frames per second and the 95th-percentile frame time while the compare webview (the real bundle,
 * in Chromium, in the webview tests' harness) scrolls the table and zooms the charts of `message`
 * (a first state as the panel posts it), twice: with Chromium's frame rate limit off (the figure:
 * what the page can make) and at the display's pace (headless Chromium without a GPU draws even an
 * idle page at 55-57 fps here, so that run cannot show 60). Printed, never asserted.
 */
export function benchCompareFps(message: unknown, what: string): BenchResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-compare-fps-'));
  try {
    const statePath = path.join(dir, 'state.json');
    fs.writeFileSync(statePath, JSON.stringify(message));
    const launches = Array.from({ length: LAUNCHES }, (_, i) => measure(statePath, path.join(dir, `uncapped${i}.json`), true));
    const capped = measure(statePath, path.join(dir, 'capped.json'), false);
    const cappedIdle = framesPerSecond(capped.idle.frames);
    const results = (['table', 'charts'] as const).flatMap((part): BenchResult[] => {
      const uncapped = medianLaunch(launches, part);
      const { frames, longTasks } = uncapped[part];
      const fps = framesPerSecond(frames);
      const p95 = percentile(frames, 0.95);
      const cappedFps = framesPerSecond(capped[part].frames);
      const doing = part === 'table' ? 'scrolling the table (40 px down and across a frame)' : 'zooming the first chart (a sliding dataZoom window: every line redrawn, the bands once it rests)';
      const common = `${what}, ${doing}, the median of ${LAUNCHES} Chromium starts of the median of 3 rounds of ${frames.length} frames in headless Chromium (--disable-gpu) with the real bundle, the frame rate limit and vsync off (frames as fast as the page makes them); ${longTasks} long tasks; first draw ${uncapped.firstDrawMs} ms`;
      return [
        { name: `compare.open_100x1m_${part}_fps`, value: fps, unit: 'fps', baseline: 60, ratio: fps / 60, note: `${common}; at the display's pace: ${cappedFps.toFixed(1)} fps, the idle page ${cappedIdle.toFixed(1)} fps; baseline: 60 fps` },
        { name: `compare.open_100x1m_${part}_p95`, value: p95, unit: 'ms', baseline: BUDGET_MS, ratio: p95 / BUDGET_MS, note: `95th-percentile frame time, same frames (at the display's pace: ${percentile(capped[part].frames, 0.95).toFixed(1)} ms, the idle page ${percentile(capped.idle.frames, 0.95).toFixed(1)} ms); baseline: the 16.7 ms frame budget` },
      ];
    });
    const atRest = launches.flatMap((l) => l.chartsAtRest);
    const rest = median(atRest);
    results.push({
      name: 'compare.open_100x1m_charts_rest_frame', value: rest, unit: 'ms', baseline: BUDGET_MS, ratio: rest / BUDGET_MS,
      note: `${what}: a frame of one zoom step after the window rested, every run's band drawn too (median of ${atRest.length}; at the display's pace ${median(capped.chartsAtRest).toFixed(1)} ms); baseline: the 16.7 ms frame budget`,
    });
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Chromium starts without the frame rate limit: this machine's speed wanders by a fifth from one start to the next. */
const LAUNCHES = 3;

/** The start whose frame rate for `part` is the median of all starts'. */
function medianLaunch(launches: readonly Measured[], part: 'table' | 'charts'): Measured {
  return [...launches].sort((a, b) => framesPerSecond(a[part].frames) - framesPerSecond(b[part].frames))[Math.floor(launches.length / 2)]!;
}

/** One run of the frame measurement in the harness. */
function measure(statePath: string, outPath: string, uncapped: boolean): Measured {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run-webview-tests.mjs'), 'out/bench/compareFpsPage.js'], {
    cwd: ROOT,
    env: { ...process.env, COMPARE_FPS_STATE: statePath, COMPARE_FPS_OUT: outPath, COMPARE_FPS_UNCAPPED: uncapped ? '1' : '0' },
    encoding: 'utf8',
  });
  if (!fs.existsSync(outPath)) throw new Error(`the webview frame measurement failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(fs.readFileSync(outPath, 'utf8')) as Measured;
}

function framesPerSecond(frames: readonly number[]): number {
  return (frames.length * 1000) / frames.reduce((a, b) => a + b, 0);
}
