// Run by bench/compareFps.ts inside the webview tests' harness (scripts/run-webview-tests.mjs), which
// serves the real compare bundle under the panels' page and CSP at WEBVIEW_TEST_URL. Loads a state
// in Chromium, then scrolls the table and zooms the charts frame by frame, recording each frame's
// time (requestAnimationFrame) and the long tasks (PerformanceObserver); writes them as JSON. With
// COMPARE_FPS_UNCAPPED=1 Chromium draws a frame as soon as the last is done (no frame rate limit,
// no vsync): frames per second are then what the page can make, not what the display asks.
import * as fs from 'node:fs';
import { chromium, type Page } from 'playwright-core';

/** Frames of each measured interaction: two seconds at 60 fps. */
const FRAMES = 120;

export interface FrameTimes {
  /** Milliseconds between consecutive frames. */
  frames: number[];
  longTasks: number;
}

export interface Measured {
  firstDrawMs: number;
  idle: FrameTimes;
  table: FrameTimes;
  charts: FrameTimes;
  /** Frames of one zoom step each after the window rested: the chart draws every band then. */
  chartsAtRest: number[];
}

/** Between zoom steps measured at rest: past the runs layer's wait for a moving window to rest (runsLayer.ts). */
const REST_MS = 400;

async function waitUntil(page: Page, expression: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `step` (a statement using `i`) in each of FRAMES animation frames, recording frame times and long tasks meanwhile. */
async function frameTimes(page: Page, step: string): Promise<FrameTimes> {
  // A string, as the tests' harness evaluates: the page's CSP (rightly) refuses eval and new Function.
  return page.evaluate(`new Promise((resolve) => {
    let longTasks = 0;
    const observer = new PerformanceObserver((list) => (longTasks += list.getEntries().length));
    observer.observe({ type: 'longtask' });
    const frames = [];
    let last = performance.now();
    const tick = (i) => {
      const now = performance.now();
      if (i > 0) frames.push(now - last);
      last = now;
      if (i === ${FRAMES}) {
        observer.disconnect();
        resolve({ frames, longTasks });
        return;
      }
      ${step}
      requestAnimationFrame(() => tick(i + 1));
    };
    requestAnimationFrame(() => tick(0));
  })`);
}

/** Rounds of each interaction: this machine's frame rate wanders by a fifth between rounds of the same page. */
const ROUNDS = 3;

/** The round (of ROUNDS) with the median frame rate. */
async function medianRound(page: Page, step: string): Promise<FrameTimes> {
  const rounds: FrameTimes[] = [];
  for (let round = 0; round < ROUNDS; round++) rounds.push(await frameTimes(page, step));
  const total = (r: FrameTimes) => r.frames.reduce((a, b) => a + b, 0);
  return rounds.sort((a, b) => total(a) - total(b))[Math.floor(ROUNDS / 2)]!;
}

async function main(): Promise<void> {
  const url = process.env.WEBVIEW_TEST_URL;
  const statePath = process.env.COMPARE_FPS_STATE;
  const outPath = process.env.COMPARE_FPS_OUT;
  if (!url || !statePath || !outPath) throw new Error('run through bench/compareFps.ts: WEBVIEW_TEST_URL, COMPARE_FPS_STATE and COMPARE_FPS_OUT are not set');
  const uncapped = process.env.COMPARE_FPS_UNCAPPED === '1' ? ['--disable-frame-rate-limit', '--disable-gpu-vsync'] : [];
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...uncapped],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await page.goto(`${url}?panel=compare&theme=dark`);
    await waitUntil(page, 'window.__posted.some((m) => m.type === "ready")');
    const started = Date.now();
    await page.evaluate(`window.postMessage(${fs.readFileSync(statePath, 'utf8')}, '*')`);
    await waitUntil(page, 'document.getElementById("app").getAttribute("aria-busy") === null && [...document.querySelectorAll("metric-chart")].every((c) => c.echarts)');
    const firstDrawMs = Date.now() - started;
    const idle = await medianRound(page, '');
    // The table: down its rows and across its run columns, 40 px a frame each way (and back up to the top for the next round).
    const table = await medianRound(page, `const s = document.querySelector('.table-scroll'); s.scrollTop = (i % ${FRAMES}) * 40; s.scrollLeft = (i % ${FRAMES}) * 40;`);
    // The first chart: a zoom window sliding along the x axis (every run's line redrawn).
    const charts = await medianRound(
      page,
      `const c = document.querySelector('metric-chart').echarts; c.dispatchAction({ type: 'dataZoom', dataZoomIndex: [0, 1], start: (i % 60) / 2, end: 50 + (i % 60) / 2 });`,
    );
    const chartsAtRest: number[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, REST_MS));
      const step = `const c = document.querySelector('metric-chart').echarts; c.dispatchAction({ type: 'dataZoom', dataZoomIndex: [0, 1], start: ${10 + i}, end: ${60 + i} });`;
      chartsAtRest.push(await page.evaluate(`new Promise((resolve) => requestAnimationFrame((before) => { ${step} requestAnimationFrame((after) => resolve(after - before)); }))`));
    }
    const measured: Measured = { firstDrawMs, idle, table, charts, chartsAtRest };
    fs.writeFileSync(outPath, JSON.stringify(measured));
  } finally {
    await browser.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
