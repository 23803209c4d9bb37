// Mocha entry for the extension-host tests (extensionTestsPath). VS Code calls run() inside the
// extension host; what it logs to the console reaches the harness
// (scripts/code-server/run-extension-tests.mjs), which reads the summary line below.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** The harness finds this prefix in the extension host's console output, followed by JSON. */
const SUMMARY_PREFIX = 'model-ledger-mocha-summary ';

interface Results {
  node: string;
  passed: number;
  failed: number;
  pending: number;
  passes: string[];
  failures: { title: string; error: string }[];
}

function report(results: Results): void {
  const { passed, failed, pending } = results;
  console.log(SUMMARY_PREFIX + JSON.stringify({ passed, failed, pending }));
  const file = process.env.MODEL_LEDGER_TEST_RESULTS;
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  }
}

export function run(): Promise<void> {
  return runSuite(__dirname);
}

/** Runs the `*.test.js` files of `dir` (not of its subfolders, which are suites of other workspaces). */
export function runSuite(dir: string): Promise<void> {
  // The extension host's console is not a TTY: colours would show up as escape codes.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 20_000 });
  // MODEL_LEDGER_TEST_FILES=compare,views runs only the files whose names contain one of those words.
  const only = process.env.MODEL_LEDGER_TEST_FILES?.split(',').filter(Boolean) ?? [];
  const chosen = (f: string) => only.length === 0 || only.some((word) => f.includes(word));
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js') && chosen(f)).sort()) {
    mocha.addFile(path.join(dir, file));
  }
  const results: Results = { node: process.versions.node, passed: 0, failed: 0, pending: 0, passes: [], failures: [] };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        report(results);
        if (results.failed > 0) reject(new Error(`${results.failed} extension-host test(s) failed`));
        else resolve();
      });
      runner.on('pass', (test) => {
        results.passed++;
        results.passes.push(test.fullTitle());
      });
      runner.on('fail', (test, err: unknown) => {
        results.failed++;
        results.failures.push({ title: test.fullTitle(), error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      });
      runner.on('pending', () => results.pending++);
    } catch (err) {
      // A test file that throws while loading stops the whole run: count it as one failure.
      // VS Code logs the rejection itself.
      results.failed++;
      results.failures.push({ title: 'loading test files', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      report(results);
      reject(err);
    }
  });
}
