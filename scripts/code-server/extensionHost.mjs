// Runs an extensionTestsPath entry inside a real VS Code extension host (code-server opened in
// headless Chromium, the extension loaded from source) and waits for it to exit. Shared by the
// extension-host tests (run-extension-tests.mjs) and the in-editor benchmarks (run-extension-bench.mjs).
import util from 'node:util';
import { launchBrowser, requireBuilt, startServer, workbenchUrl } from './server.mjs';

// Printed by test/vscode/index.ts when mocha finishes.
const SUMMARY = /model-ledger-mocha-summary (\{.*\})/;
// The workbench's own info logs share the channel with the extension host's console; these
// startup lines would interleave with mocha's report. Warnings and errors always pass.
const WORKBENCH_CHATTER = /^(Resolving connection token|Resolved connection token|Creating a socket|(Ignoring fetching|Updating) additional builtin extensions|\[(reconnection-grace-time|Service Worker|AgentHost:remote|AccountPolicyGate)\])/;

/**
 * Starts code-server (a fresh demo workspace unless `workspace` names one; `env` reaches the
 * extension host), runs `extensionTestsPath` and resolves with its exit code ('timeout' after
 * `timeoutMs`) and the mocha summary it printed, if any. The extension host's console is echoed.
 */
export async function runInExtensionHost({ extensionTestsPath, workspace, env = {}, timeoutMs, label }) {
  requireBuilt(extensionTestsPath);
  const server = await startServer({ workspace, env });
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
    await page.goto(workbenchUrl(server, { extensionTestsPath }));

    let timer;
    const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') {
      console.error(`${label}: did not finish within ${timeoutMs / 1000} s; last code-server log lines:\n${server.logTail()}`);
    }
    return { code, summary };
  } finally {
    await browser?.close();
    await server.stop();
  }
}
