import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CompareMedia, ToCompareWebview } from '../../src/protocol/compare';
import { packCompareMessage } from '../../src/protocol/compareWire';
import { launch, openWebview, violations } from './page';
import { servedImage } from './mediaStates';
import { compareState } from './states';

const RUNS = 20;
const STEPS = 10;
const TIMED_RUNS = 3;
/** Pixels of each logged image: a typical sample grid. */
const SIZE = 256;

/** 20 runs, each with predictions logged at 10 steps (200 files); the Media section shows the last step's 20. */
function media(): CompareMedia {
  return {
    runs: Array.from({ length: RUNS }, (_, r) => ({
      runId: `r${r}`,
      media: { plots: [], images: Array.from({ length: STEPS }, (_, s) => servedImage(`timing/r${r}/predictions/${s}.png`, 'predictions', s, r * STEPS + s, SIZE)), problems: [] },
    })),
  };
}

/** In the page: posts the host's message and waits (frame by frame) until every thumbnail of the key has loaded and decoded; ms from the post. */
async function timeToThumbnails(page: Page, message: ToCompareWebview): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const start = performance.now();
    window.postMessage(${JSON.stringify(packCompareMessage(message))}, '*');
    const check = () => {
      const imgs = [...document.querySelectorAll('.media-group[data-key="predictions"] img')];
      if (imgs.length === ${RUNS} && imgs.every((i) => i.complete && i.naturalWidth > 0)) resolve(performance.now() - start);
      else requestAnimationFrame(check);
    };
    check();
  })`);
}

/** The baseline, in the same page: the same 20 URIs as bare <img> elements, no app, no message: the browser's own fetch and decode. */
async function timeToBareImages(page: Page, uris: string[]): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const start = performance.now();
    const box = document.createElement('div');
    document.body.append(box);
    const imgs = ${JSON.stringify(uris)}.map((src) => { const i = document.createElement('img'); i.src = src; box.append(i); return i; });
    const check = () => (imgs.every((i) => i.complete && i.naturalWidth > 0) ? resolve(performance.now() - start) : requestAnimationFrame(check));
    check();
  })`);
}

describe('compare webview: 20 runs\u2019 images at one step (media.compare_20)', () => {
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('measures the time to all 20 thumbnails and the message\u2019s size (printed as media.compare_20, not asserted)', async () => {
    const shown = media();
    // The Media section alone (no metric charts chosen), and the whole page with two metric charts of 20 runs drawn in the same render.
    const messages = {
      media: { type: 'state', state: compareState({ runs: RUNS, media: shown, chosenMetrics: [] }) },
      full: { type: 'state', state: compareState({ runs: RUNS, media: shown }) },
    } satisfies Record<string, ToCompareWebview>;
    const uris = shown.runs.map((r) => r.media.images.at(-1)!.uri);
    const imageBytes = shown.runs.flatMap((r) => r.media.images).reduce((sum, image) => sum + fs.statSync(path.join(process.env.WEBVIEW_TEST_FILES!, decodeURIComponent(new URL(image.uri).pathname.slice('/files/'.length)))).size, 0);
    const times = { media: [] as number[], full: [] as number[], bare: [] as number[] };
    for (let run = 0; run < TIMED_RUNS; run++) {
      for (const variant of ['media', 'full'] as const) {
        const app = await openWebview(browser, 'dark');
        times[variant].push(await timeToThumbnails(app.page, messages[variant]));
        assert.deepEqual(await violations(app.page), []);
        assert.deepEqual(app.errors, []);
        await app.page.context().close();
      }
      const bare = await openWebview(browser, 'dark');
      times.bare.push(await timeToBareImages(bare.page, uris));
      await bare.page.context().close();
    }
    for (const message of Object.values(messages)) assert.ok(!JSON.stringify(message).includes('data:image'), 'the message carries URIs, never image bytes');
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const baseline = median(times.bare);
    const line = (name: string, variant: 'media' | 'full') => {
      const value = median(times[variant]);
      const bytes = Buffer.byteLength(JSON.stringify(messages[variant]));
      return `${name}: ${value.toFixed(1)} ms (baseline, the same 20 images as bare <img>: ${baseline.toFixed(1)} ms; ratio ${(value / baseline).toFixed(2)}; runs ${times[variant].map((t) => t.toFixed(0)).join(', ')} ms; message ${bytes} B for ${RUNS * STEPS} image URIs, images on disk ${imageBytes} B)`;
    };
    console.log(line('media.compare_20', 'media'));
    console.log(line('media.compare_20 (with charts)', 'full'));
  });
});
