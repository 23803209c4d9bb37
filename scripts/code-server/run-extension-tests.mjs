// npm run test:vscode: runs the mocha suite out/test/vscode/ inside a real VS Code extension host
// (code-server), with the extension loaded from source and a fresh demo workspace open.
// Ends with the line `vscode: N passed, M failed`.
import path from 'node:path';
import util from 'node:util';
import { ROOT, SetupError } from './setup.mjs';
import { launchBrowser, requireBuilt, startServer, workbenchUrl } from './server.mjs';

const TIMEOUT_MS = Number(process.env.MODEL_LEDGER_TEST_TIMEOUT_MS || 300_000);
// Printed by test/vscode/index.ts when mocha finishes.
const SUMMARY = /model-ledger-mocha-summary (\{.*\})/;
// The workbench's own info logs share the channel with the extension host's console; these
// startup lines would interleave with mocha's report. Warnings and errors always pass.
const WORKBENCH_CHATTER = /^(Resolving connection token|Resolved connection token|Creating a socket|(Ignoring fetching|Updating) additional builtin extensions|\[(reconnection-grace-time|Service Worker|AgentHost:remote|AccountPolicyGate)\])/;

async function runSuite() {
  requireBuilt('out/test/vscode/index.js');
  const server = await startServer({
    env: { MODEL_LEDGER_TEST_RESULTS: path.join(ROOT, 'test-results', 'vscode-results.json') },
  });
  let browser;
  try {
    let page;
    ({ browser, page } = await launchBrowser());
    let summary;
    let onExit;
    const exited = new Promise((resolve) => { onExit = resolve; });
    // The workbench hands the extension host's console and the suite's exit code to these
    // (its IAutomatedWindow hooks, active with enable-smoke-test-driver).
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(args ?? []));
      const match = SUMMARY.exec(line);
      if (match) summary = JSON.parse(match[1]);
      else if (type !== 'info' || !WORKBENCH_CHATTER.test(line)) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => onExit(code));
    await page.goto(workbenchUrl(server, { extensionTestsPath: 'out/test/vscode/index.js' }));

    let timer;
    const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS); });
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') {
      console.error(`vscode: the suite did not finish within ${TIMEOUT_MS / 1000} s (MODEL_LEDGER_TEST_TIMEOUT_MS); last code-server log lines:\n${server.logTail()}`);
    } else if (!summary) {
      console.error(`vscode: the extension host exited with code ${code} without a mocha summary (did out/test/vscode/index.js load?)`);
    }
    return { code, summary };
  } finally {
    await browser?.close();
    await server.stop();
  }
}

try {
  const { code, summary } = await runSuite();
  // A run that never reported counts is one failure, so the closing line never reads as a pass.
  const { passed, failed } = summary ?? { passed: 0, failed: 1 };
  if (passed + failed === 0) console.error('vscode: no tests ran (no out/test/vscode/*.test.js?)');
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  process.exitCode = code === 0 && failed === 0 && passed > 0 ? 0 : 1;
} catch (e) {
  console.error(e instanceof SetupError ? e.message : e);
  console.log('vscode: 0 passed, 1 failed');
  process.exitCode = 1;
}
