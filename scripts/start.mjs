// npm start (after prestart built everything): regenerates examples/demo and opens it with the
// extension loaded from source, in desktop VS Code when `code` is on PATH, otherwise in a
// code-server on 127.0.0.1 that runs until Ctrl-C. Port: $PORT, else the one used last time if
// free, else any free one.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, SetupError } from './code-server/setup.mjs';
import { makeDemoWorkspace, startServer, workbenchUrl } from './code-server/server.mjs';

const DEMO = path.join(ROOT, 'examples', 'demo');
// Kept across runs: user settings, installed extensions and the port (see startServer).
const STATE_DIR = path.join(ROOT, '.vscode-test', 'start');

let server;
try {
  makeDemoWorkspace(DEMO);
  if (spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0) {
    const result = spawnSync('code', [`--extensionDevelopmentPath=${ROOT}`, DEMO], { stdio: 'inherit' });
    process.exit(result.status ?? 1);
  }
  server = await startServer({ workspace: DEMO, stateDir: STATE_DIR, port: Number(process.env.PORT) || undefined });
} catch (e) {
  console.error(e instanceof SetupError ? e.message : e);
  process.exit(1);
}
console.log(`Model Ledger demo: open ${workbenchUrl(server)}`);
console.log(`code-server log: ${path.relative(ROOT, path.join(STATE_DIR, 'server.log'))}; press Ctrl-C to stop.`);
// Ctrl-C stops the server and exits from startServer's signal handler; this is for a crash.
const how = await server.crashed;
console.error(`code-server exited unexpectedly (${how}); last log lines:\n${server.logTail()}`);
await server.stop();
process.exitCode = 1;
