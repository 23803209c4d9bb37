// npm run test:e2e: drives the real workbench (code-server + headless Chromium) through each
// out/test/e2e/*.e2e.js, with the extension loaded from source and a fresh demo workspace.
// Every file gets its own server, workspace and browser, so settings and data cannot leak
// between files. Screenshots go to test-results/. Ends with `e2e: N passed, M failed`.
//
// A file exports `async function run(context)`; context = { page, workspace, open(),
// screenshot(name), updateSettings(values) } (see test/e2e/views.e2e.ts).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SetupError } from './setup.mjs';
import { launchBrowser, requireBuilt, startServer, workbenchUrl } from './server.mjs';

const E2E_DIR = path.join(ROOT, 'out', 'test', 'e2e');
const RESULTS_DIR = path.join(ROOT, 'test-results');
const TIMEOUT_MS = Number(process.env.MODEL_LEDGER_E2E_TIMEOUT_MS || 180_000);

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s (MODEL_LEDGER_E2E_TIMEOUT_MS)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runFile(file) {
  const name = path.basename(file, '.e2e.js');
  const { run } = await import(pathToFileURL(file).href);
  if (typeof run !== 'function') throw new SetupError(`${path.relative(ROOT, file)} does not export run()`);
  const server = await startServer();
  let browser;
  try {
    let page;
    ({ browser, page } = await launchBrowser());
    return await runInPage(name, run, server, page);
  } finally {
    await browser?.close();
    await server.stop();
  }
}

async function runInPage(name, run, server, page) {
  // Fail within a test's patience rather than wait forever (Playwright's default for waitFor).
  page.setDefaultTimeout(30_000);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const context = {
    page,
    workspace: server.workspace,
    async open() {
      await page.goto(workbenchUrl(server));
      await page.locator('.monaco-workbench').waitFor();
    },
    async screenshot(fileName) {
      const target = path.join(RESULTS_DIR, fileName);
      await page.screenshot({ path: target });
      console.log(`    saved ${path.relative(ROOT, target)}`);
    },
    updateSettings: server.updateSettings,
  };
  const failureShot = path.join(RESULTS_DIR, `${name}-failure.png`);
  fs.rmSync(failureShot, { force: true }); // from an earlier run; would mislead next to a pass
  const started = Date.now();
  try {
    await withTimeout(run(context), TIMEOUT_MS, name);
    console.log(`  ✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (e) {
    console.log(`  ✖ ${name}`);
    console.error(e);
    await page.screenshot({ path: failureShot }).then(() => console.error(`    failure screenshot: ${path.relative(ROOT, failureShot)}`), () => {});
    if (pageErrors.length) console.error(`    page errors:\n      ${pageErrors.join('\n      ')}`);
    console.error(`    last code-server log lines:\n${server.logTail()}`);
    return false;
  }
}

let passed = 0;
let failed = 0;
try {
  requireBuilt('out/test/e2e');
  const files = fs.readdirSync(E2E_DIR).filter((f) => f.endsWith('.e2e.js')).sort();
  if (!files.length) throw new SetupError('no out/test/e2e/*.e2e.js: run `npm run compile` first');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  for (const file of files) {
    if (await runFile(path.join(E2E_DIR, file))) passed++;
    else failed++;
  }
} catch (e) {
  console.error(e instanceof SetupError ? e.message : e);
  failed++;
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
