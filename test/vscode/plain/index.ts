// Mocha entry for the suite that runs in a workspace with no run source at a glance (a store three
// folders down), started by scripts/code-server/run-extension-tests.mjs after the other suites.
import { runSuite } from '../index';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
