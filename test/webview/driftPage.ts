import type { Browser, Page } from 'playwright-core';
import type { DriftReport } from '../../src/protocol/drift';
import { waitUntil } from './page';

const URL = process.env.WEBVIEW_TEST_URL;

/** A fresh page (its own storage, so no saved state) with the drift report webview loaded, its console errors collected. */
export async function openDriftWebview(browser: Browser, theme: 'dark' | 'light' | 'high-contrast' = 'dark', l10n?: Record<string, string>): Promise<{ page: Page; errors: string[] }> {
  if (!URL) throw new Error('WEBVIEW_TEST_URL is not set: run these tests with npm run test:webview');
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${URL}?panel=drift&theme=${theme}${l10n ? `&l10n=${encodeURIComponent(JSON.stringify(l10n))}` : ''}`);
  await waitUntil(page, 'window.__posted.some((m) => m.type === "ready")');
  return { page, errors };
}

/** The host's message, as VS Code delivers it; settles once the page has drawn it and a chart has painted. */
export async function sendReport(page: Page, report: DriftReport | unknown): Promise<void> {
  await postMessage(page, { type: 'report', report });
  await waitUntil(page, 'document.getElementById("app").getAttribute("aria-busy") === null');
  await waitUntil(page, 'document.querySelector("distribution-chart[data-drawn]") !== null || document.querySelector("distribution-chart") === null');
}

export async function postMessage(page: Page, message: unknown): Promise<void> {
  await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
}

export interface PaintTimes {
  /** The verdict and the columns' table painted. */
  data: number;
  /** The first chart painted as well. */
  chart: number;
}

/**
 * Milliseconds from the host's message to the first paint of data (the verdict and the table
 * rendered, then the next frame) and to the first chart painted (the frame after ECharts
 * finished). Measured inside the page, on its clock.
 */
export async function timeToFirstPaint(page: Page, report: DriftReport): Promise<PaintTimes> {
  return page.evaluate(`new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('no chart painted in 15 s')), 15000);
    const times = {};
    const start = performance.now();
    window.postMessage(${JSON.stringify({ type: 'report', report })}, '*');
    const check = () => {
      if (times.data === undefined && document.querySelector('drift-app .verdict') && document.querySelector('.column-table tbody tr')) times.data = 'next';
      else if (times.data === 'next') times.data = performance.now() - start;
      if (times.chart === undefined && document.querySelector('distribution-chart[data-drawn]')) times.chart = 'next';
      else if (times.chart === 'next') times.chart = performance.now() - start;
      if (typeof times.data === 'number' && typeof times.chart === 'number') resolve(times);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}
