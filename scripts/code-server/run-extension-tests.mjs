// npm run test:vscode: runs the mocha suites of out/test/vscode/ inside a real VS Code extension
// host (code-server), with the extension loaded from source: the main suite on a fresh demo
// workspace, the plain suite (out/test/vscode/plain/) on a project with no run source at a
// glance, then the multi-root suite (out/test/vscode/multiRoot/) on a workspace of two demo
// folders, then the team suite (out/test/vscode/team/) on a demo workspace of its own, which it
// connects to a PostgreSQL server it starts (pulled runs never reach the other suites' stores).
// Ends with the line `vscode: N passed, M failed`, the suites counted together.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runInExtensionHost } from './extensionHost.mjs';
import { makeDemoWorkspace } from './server.mjs';
import { ROOT, SetupError } from './setup.mjs';

// The main suite takes about 2 minutes alone; a loaded machine was seen to need more than 5.
const TIMEOUT_MS = Number(process.env.MODEL_LEDGER_TEST_TIMEOUT_MS || 900_000);
const MULTI_ROOT = 'multiRoot';
const PLAIN = 'plain';
/** The team suite's file (test/vscode/team/teamStore.test.ts): a word of it picks that suite alone. */
const TEAM = 'teamStore';

/** Runs one suite; a run that never reported counts is one failure, so the closing line never reads as a pass. */
async function runSuite(name, extensionTestsPath, workspace) {
  const { code, summary } = await runInExtensionHost({
    extensionTestsPath,
    workspace,
    env: { MODEL_LEDGER_TEST_RESULTS: path.join(ROOT, 'test-results', `vscode-${name}-results.json`) },
    timeoutMs: TIMEOUT_MS,
    label: `vscode: the ${name} suite (MODEL_LEDGER_TEST_TIMEOUT_MS)`,
  });
  if (code !== 'timeout' && !summary) {
    console.error(`vscode: the extension host exited with code ${code} without a mocha summary (did ${extensionTestsPath} load?)`);
  }
  const { passed, failed } = summary ?? { passed: 0, failed: 1 };
  if (passed + failed === 0) console.error(`vscode: the ${name} suite ran no tests`);
  return { passed, failed: failed + (code === 0 || failed > 0 ? 0 : 1) };
}

/** alpha and beta, two demo repositories with their own stores, in one .code-workspace file. */
function multiRootWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-multi-root-'));
  for (const name of ['alpha', 'beta']) makeDemoWorkspace(path.join(dir, name));
  const file = path.join(dir, 'two-folders.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: 'alpha' }, { path: 'beta' }] }, null, 2));
  return { dir, file };
}

/** A project whose only run source lies deeper than the start-up check looks: a real MLflow store three folders down. */
function plainWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-plain-'));
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'real', 'Tom-source__opdracht', 'mlruns'), path.join(dir, 'projects', 'team', 'experiments', 'mlruns'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.md'), '# a project\n');
  return dir;
}

// MODEL_LEDGER_TEST_FILES (see test/vscode/index.ts) picks files; a suite none of whose files it names is not started.
const only = process.env.MODEL_LEDGER_TEST_FILES?.split(',').filter(Boolean) ?? [];
const runMain = only.length === 0 || only.some((word) => !MULTI_ROOT.includes(word) && !PLAIN.includes(word) && !TEAM.includes(word));
const runMultiRoot = only.length === 0 || only.some((word) => MULTI_ROOT.includes(word));
const runPlain = only.length === 0 || only.some((word) => PLAIN.includes(word) || 'onDemand'.includes(word));
const runTeam = only.length === 0 || only.some((word) => TEAM.includes(word));

const totals = { passed: 0, failed: 0 };
const add = ({ passed, failed }) => {
  totals.passed += passed;
  totals.failed += failed;
};
try {
  if (runMain) add(await runSuite('main', 'out/test/vscode/index.js'));
  if (runPlain) {
    const workspace = plainWorkspace();
    try {
      add(await runSuite(PLAIN, 'out/test/vscode/plain/index.js', workspace));
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  }
  if (runMultiRoot) {
    const workspace = multiRootWorkspace();
    try {
      add(await runSuite(MULTI_ROOT, 'out/test/vscode/multiRoot/index.js', workspace.file));
    } finally {
      fs.rmSync(workspace.dir, { recursive: true, force: true });
    }
  }
  if (runTeam) add(await runSuite('team', 'out/test/vscode/team/index.js'));
} catch (e) {
  console.error(e instanceof SetupError ? e.message : e);
  totals.failed += 1;
}
if (totals.passed + totals.failed === 0) console.error('vscode: no tests ran (no out/test/vscode/*.test.js?)');
console.log(`vscode: ${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed === 0 && totals.passed > 0 ? 0 : 1;
