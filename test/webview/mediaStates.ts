import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { MediaImage, MediaView } from '../../src/protocol/media';
import type { RunDetails, ToRunWebview } from '../../src/protocol/run';
import { confusionData, rocData, tableData, writePng } from '../../testkit/mediaSamples';
import { waitUntil } from './page';
import { HOSTILE_NAME } from './states';

const FILES = process.env.WEBVIEW_TEST_FILES;

/**
 * Writes a PNG where the harness serves the tests' files and returns it as the webview gets an
 * image: a URI (as asWebviewUri makes one), never its bytes.
 */
export function servedImage(name: string, key: string, step: number | null, seed: number, size = 64): MediaImage {
  if (!FILES || !process.env.WEBVIEW_TEST_URL) throw new Error('WEBVIEW_TEST_FILES is not set: run these tests with npm run test:webview');
  writePng(path.join(FILES, name), size, size, seed);
  return { key, step, uri: new URL(`/files/${name.split('/').map(encodeURIComponent).join('/')}`, process.env.WEBVIEW_TEST_URL).toString(), name: path.posix.basename(name) };
}

/** A run's media: a confusion matrix with a hostile class name, a ROC curve, a 5,000-row table (1,000 kept), predictions over 5 steps, a figure. */
export function runMediaView(prefix = 'run'): MediaView {
  const steps = [0, 10, 20, 35, 50];
  return {
    plots: [
      { id: 'sklearn/confusion_matrix', title: 'Confusion matrix', data: confusionData(['cat', 'dog', HOSTILE_NAME], 100, 0.8) },
      { id: 'sklearn/roc', title: 'ROC', data: rocData(['cat', 'dog'], 0.85) },
      { id: 'predictions.json', title: 'Predictions', data: tableData(5_000) },
    ],
    images: [
      ...steps.map((step, i) => servedImage(`${prefix}/predictions/${step}.png`, 'predictions', step, i)),
      servedImage(`${prefix}/figure.png`, 'loss_curve.png', null, 9, 80),
    ],
    problems: [{ file: 'plots/broken.json', message: 'Not JSON: Unexpected token' }],
  };
}

export function runDetails(id = 'r1'): RunDetails {
  return {
    id, name: 'resnet-18', qualifier: null, status: 'finished', stale: false, lastUpdate: null, experiment: 'vision', startTime: 1_700_000_000_000, endTime: 1_700_000_600_000,
    commit: 'c0ffee0000000000', branch: 'main', dirty: false, command: 'python train.py', source: 'dvclive', params: [['lr', '0.01']], tags: [], metrics: [],
  };
}

/** The run panel's snapshot, as the host posts it, and the page's first render of it. */
export async function sendRunState(page: Page, media: MediaView, run = runDetails()): Promise<void> {
  const message: ToRunWebview = { type: 'state', folder: '/work/demo', run, preview: false, artifacts: null, media };
  await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
  await waitUntil(page, 'document.getElementById("app").getAttribute("aria-busy") === null');
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

/** Every <img> of the page has loaded and decoded. */
export async function imagesLoaded(page: Page, selector = 'img'): Promise<void> {
  await waitUntil(page, `[...document.querySelectorAll(${JSON.stringify(selector)})].every((i) => i.complete && i.naturalWidth > 0)`);
}
