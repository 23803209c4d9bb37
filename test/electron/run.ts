// `npm run test:electron`: the same extension-host suite as `npm run test:vscode`, in desktop
// VS Code downloaded by @vscode/test-electron. Needs internet access to download VS Code once,
// so it is not part of `npm test` on machines without it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { makeDemo } from '../../scripts/make-demo';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-electron-')), 'demo');
  await makeDemo(workspace);
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
