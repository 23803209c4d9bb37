// Mocha entry for the team store suite: a demo workspace of its own, connected to a PostgreSQL
// server the suite starts (testkit/postgres.ts), started by scripts/code-server/run-extension-tests.mjs.
import { runSuite } from '../index';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
