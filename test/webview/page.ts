import { chromium, type Browser, type Page } from 'playwright-core';
import type { CompareState, MetricChart, ToCompareWebview } from '../../src/protocol/compare';
import { packCompareMessage } from '../../src/protocol/compareWire';

const URL = process.env.WEBVIEW_TEST_URL;

/** Chromium as the project's browser tests launch it: headless, no network services, a fresh profile. */
export async function launch(): Promise<Browser> {
  if (!URL) throw new Error('WEBVIEW_TEST_URL is not set: run these tests with npm run test:webview');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh page (its own storage, so no saved state) with the webview loaded and its console errors
 * collected; `l10n` is the display language's bundle VS Code would give, if any.
 */
export async function openWebview(browser: Browser, theme: 'dark' | 'light' | 'high-contrast' = 'dark', l10n?: Record<string, string>, panel: 'compare' | 'monitor' | 'run' = 'compare'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${URL}?panel=${panel}&theme=${theme}${l10n ? `&l10n=${encodeURIComponent(JSON.stringify(l10n))}` : ''}`);
  await waitUntil(page, 'window.__posted.some((m) => m.type === "ready")');
  return { page, errors };
}

export async function sendState(page: Page, state: CompareState): Promise<void> {
  await post(page, { type: 'state', state });
  await waitUntil(page, 'document.getElementById("app").getAttribute("aria-busy") === null');
  // Charts draw in tasks after the render (webview/compare/drawQueue.ts).
  await waitUntil(page, '[...document.querySelectorAll("plot-chart, metric-chart")].every((c) => c.echarts)');
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

export async function sendSeries(page: Page, id: number, chart: MetricChart): Promise<void> {
  await post(page, { type: 'series', id, chart });
  await page.evaluate('new Promise((r) => requestAnimationFrame(r))');
}

/** A message from the host, as the panel packs it and VS Code delivers it: a window message event. */
async function post(page: Page, message: ToCompareWebview): Promise<void> {
  await page.evaluate(`window.postMessage(${JSON.stringify(packCompareMessage(message))}, '*')`);
}

/** Everything the webview posted so far, as the host would receive it. */
export async function posted(page: Page): Promise<Record<string, unknown>[]> {
  return page.evaluate('window.__posted');
}

export async function clearPosted(page: Page): Promise<void> {
  await page.evaluate('window.__posted.length = 0');
}

export async function violations(page: Page): Promise<string[]> {
  return page.evaluate('window.__violations');
}

/** Waits until the webview has posted a message of this type, and returns the ones of that type. */
export async function waitForPosted(page: Page, type: string, count = 1): Promise<Record<string, unknown>[]> {
  await waitUntil(page, `window.__posted.filter((m) => m.type === ${JSON.stringify(type)}).length >= ${count}`);
  return (await posted(page)).filter((m) => m.type === type);
}

/**
 * Polls an expression until it is true. Not page.waitForFunction: it evaluates its predicate with
 * eval inside the page, which the webview's CSP (rightly) refuses.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
