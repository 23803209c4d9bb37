// npm run test:vscode: runs the mocha suite out/test/vscode/ inside a real VS Code extension host
// (code-server), with the extension loaded from source and a fresh demo workspace open.
// Ends with the line `vscode: N passed, M failed`.
import path from 'node:path';
import { runInExtensionHost } from './extensionHost.mjs';
import { ROOT, SetupError } from './setup.mjs';

const TIMEOUT_MS = Number(process.env.MODEL_LEDGER_TEST_TIMEOUT_MS || 300_000);

try {
  const { code, summary } = await runInExtensionHost({
    extensionTestsPath: 'out/test/vscode/index.js',
    env: { MODEL_LEDGER_TEST_RESULTS: path.join(ROOT, 'test-results', 'vscode-results.json') },
    timeoutMs: TIMEOUT_MS,
    label: 'vscode: the suite (MODEL_LEDGER_TEST_TIMEOUT_MS)',
  });
  if (code !== 'timeout' && !summary) {
    console.error(`vscode: the extension host exited with code ${code} without a mocha summary (did out/test/vscode/index.js load?)`);
  }
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
