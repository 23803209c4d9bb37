import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { describeFileError, fileErrorCode } from '../core/fileErrors';
import { findWorkspaceFolder } from '../store/paths';

/**
 * The workspace folder a command works on: `--workspace DIR`, which must be an existing folder
 * (Model Ledger makes only `.modelledger/` inside it), else the nearest folder up from `cwd`
 * that has a store, else `cwd`.
 */
export function resolveWorkspace(cwd: string, option: string | undefined): string {
  if (option === undefined) return findWorkspaceFolder(cwd);
  const dir = path.resolve(cwd, option);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    if (fileErrorCode(error) === 'ENOENT') {
      throw new UserError(`--workspace ${dir} does not exist; name an existing folder (Model Ledger makes only .modelledger/ inside it).`);
    }
    const described = describeFileError(error, dir);
    if (described === null) throw error;
    throw new UserError(`--workspace ${described}`);
  }
  if (!stat.isDirectory()) throw new UserError(`--workspace ${dir} is a file, not a folder; name the workspace folder (the one that holds, or will hold, .modelledger/).`);
  return dir;
}
