// Runs one in-editor benchmark: `node scripts/code-server/run-extension-bench.mjs <entry> <workspace> <result.json>`
// runs out/bench/vscode/<entry>.js inside a real VS Code extension host (code-server) with
// <workspace> open; the entry writes its figures to MODEL_LEDGER_BENCH_OUT. bench/*.ts spawn it.
import path from 'node:path';
import { runInExtensionHost } from './extensionHost.mjs';
import { SetupError } from './setup.mjs';

const [entry, workspace, out] = process.argv.slice(2);
try {
  if (!entry || !workspace || !out) throw new SetupError('usage: run-extension-bench.mjs <entry> <workspace> <result.json>');
  const { code } = await runInExtensionHost({
    extensionTestsPath: `out/bench/vscode/${entry}.js`,
    workspace: path.resolve(workspace),
    env: { MODEL_LEDGER_BENCH_OUT: path.resolve(out) },
    timeoutMs: 300_000,
    label: `bench ${entry}`,
  });
  process.exitCode = code === 0 ? 0 : 1;
} catch (e) {
  console.error(e instanceof SetupError ? e.message : e);
  process.exitCode = 1;
}
