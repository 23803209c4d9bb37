import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const created: string[] = [];
process.on('exit', () => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder under the system temp dir, removed when the test process exits. */
export function tempDir(prefix = 'model-ledger-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
