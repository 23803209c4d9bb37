// `npm test`: lint, unit and integration tests in plain Node, the webviews in Chromium, the extension-host suite in a real
// VS Code (code-server), and the end-to-end UI test in Chromium. Runs every stage even after a
// failure, then prints one closing line with the totals.
import { spawn } from 'node:child_process';

const STAGES = [
  { name: 'lint', command: ['npx', 'eslint', '.'], counts: () => null },
  {
    name: 'unit',
    command: ['node', '--test', '--test-reporter=spec', 'out/test/unit/**/*.test.js'],
    counts: (out) => countsFrom(out, /^ℹ pass (\d+)$/m, /^ℹ fail (\d+)$/m),
  },
  {
    name: 'webview',
    command: ['node', 'scripts/run-webview-tests.mjs'],
    counts: (out) => countsFrom(out, /^ℹ pass (\d+)$/m, /^ℹ fail (\d+)$/m),
  },
  { name: 'vscode', command: ['node', 'scripts/code-server/run-extension-tests.mjs'], counts: (out) => countsFrom(out, /^vscode: (\d+) passed, (\d+) failed$/m) },
  { name: 'e2e', command: ['node', 'scripts/code-server/run-e2e.mjs'], counts: (out) => countsFrom(out, /^e2e: (\d+) passed, (\d+) failed$/m) },
];

function countsFrom(output, passPattern, failPattern) {
  const pass = output.match(passPattern);
  if (!pass) return null;
  const fail = failPattern ? output.match(failPattern) : pass.slice(1);
  return { passed: Number(pass[1]), failed: Number(failPattern ? fail?.[1] ?? 0 : pass[2]) };
}

function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

let passed = 0;
let failed = 0;
const summary = [];
for (const stage of STAGES) {
  const started = Date.now();
  console.log(`\n=== ${stage.name} ===`);
  const { code, output } = await run(stage.command);
  const counts = stage.counts(output);
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  // A stage that exits non-zero counts as a failure even when it printed no counts (it crashed).
  if (code !== 0 && (!counts || counts.failed === 0)) failed += 1;
  summary.push(`${stage.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`}${counts ? `, ${counts.passed} passed, ${counts.failed} failed` : ''}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`\n${summary.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
