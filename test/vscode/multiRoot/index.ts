// Mocha entry for the suite that runs in a multi-root workspace (two demo folders, alpha and beta),
// started by scripts/code-server/run-extension-tests.mjs after the single-folder suite.
import { runSuite } from '../index';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
