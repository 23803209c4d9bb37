// npm run test:e2e: drives the real workbench (code-server + headless Chromium) through each
// out/test/e2e/*.e2e.js, with the extension loaded from source and a fresh demo workspace.
// Every file gets its own server, workspace and browser, so settings and data cannot leak
// between files. Screenshots go to test-results/ (with UPDATE_DOCS_IMAGES=1 the ones a file
// marks for the docs also to docs/images/). Ends with `e2e: N passed, M failed`.
//
// `npm run test:e2e -- views vsix` runs only those files.
//
// A file exports `async function run(context)`, and may export `async function
// prepare(scratchDir)` that returns options for its server, such as .vsix files to install
// instead of loading the extension from source (see test/e2e/workbench.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SetupError } from './setup.mjs';
import { launchBrowser, requireBuilt, startServer, workbenchUrl } from './server.mjs';

const E2E_DIR = path.join(ROOT, 'out', 'test', 'e2e');
const RESULTS_DIR = path.join(ROOT, 'test-results');
const DOCS_IMAGES_DIR = path.join(ROOT, 'docs', 'images');
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
  const { run, prepare } = await import(pathToFileURL(file).href);
  if (typeof run !== 'function') throw new SetupError(`${path.relative(ROOT, file)} does not export run()`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `model-ledger-e2e-${name}-`));
  let server;
  let browser;
  try {
    const options = (await prepare?.(scratch)) ?? {};
    server = await startServer(options);
    let page;
    ({ browser, page } = await launchBrowser());
    // An installed build and the same extension from source would shadow each other.
    return await runInPage(name, run, server, page, { fromSource: !options.install?.length });
  } catch (e) {
    // Setting up this file failed (runInPage reports its own failures); the next file may still run.
    console.log(`  ✖ ${name}`);
    console.error(e instanceof SetupError ? e.message : e);
    return false;
  } finally {
    await browser?.close();
    await server?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function runInPage(name, run, server, page, { fromSource }) {
  // Fail within a test's patience rather than wait forever (Playwright's default for waitFor).
  page.setDefaultTimeout(30_000);
  const pageErrors = [];
  const docsShots = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const context = {
    page,
    workspace: server.workspace,
    async open() {
      await page.goto(workbenchUrl(server, { fromSource }));
      await page.locator('.monaco-workbench').waitFor();
    },
    async screenshot(fileName, { docs = false } = {}) {
      const target = path.join(RESULTS_DIR, fileName);
      await page.screenshot({ path: target });
      console.log(`    saved ${path.relative(ROOT, target)}`);
      if (docs) docsShots.push(fileName);
    },
    updateSettings: server.updateSettings,
  };
  const failureShot = path.join(RESULTS_DIR, `${name}-failure.png`);
  fs.rmSync(failureShot, { force: true }); // from an earlier run; would mislead next to a pass
  const started = Date.now();
  try {
    await withTimeout(run(context), TIMEOUT_MS, name);
    console.log(`  ✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    // Opt-in, and only from a passing run: the docs must not pick up a broken or half-drawn page.
    if (process.env.UPDATE_DOCS_IMAGES === '1') docsShots.forEach(updateDocsImage);
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

function updateDocsImage(fileName) {
  const target = path.join(DOCS_IMAGES_DIR, fileName);
  fs.mkdirSync(DOCS_IMAGES_DIR, { recursive: true });
  fs.copyFileSync(path.join(RESULTS_DIR, fileName), target);
  console.log(`    updated ${path.relative(ROOT, target)}`);
}

let passed = 0;
let failed = 0;
try {
  requireBuilt('out/test/e2e');
  const only = process.argv.slice(2);
  const files = fs.readdirSync(E2E_DIR).filter((f) => f.endsWith('.e2e.js') && (!only.length || only.includes(path.basename(f, '.e2e.js')))).sort();
  if (!files.length) throw new SetupError(`no out/test/e2e/${only.length ? `{${only.join(',')}}` : '*'}.e2e.js: run \`npm run compile\` first`);
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
