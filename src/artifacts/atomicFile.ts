import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { describeFileError, fileErrorCode } from '../core/fileErrors';

/** Codes of a write that failed because of the folder it writes in, not of the file. */
const FOLDER_CODES = ['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS'];

/**
 * Writes `data` to `target` through a temporary file beside it and a rename, so that a killed
 * command never leaves half a file. When either step fails the temporary file is removed, and
 * the error names the path at fault and what to do.
 */
export function writeFileAtomically(target: string, data: string): void {
  const temporary = `${target}.${process.pid}.tmp`;
  let renaming = false;
  try {
    fs.writeFileSync(temporary, data);
    renaming = true;
    fs.renameSync(temporary, target);
  } catch (error) {
    const blamed = !renaming && FOLDER_CODES.includes(fileErrorCode(error) ?? '') ? path.dirname(target) : target;
    const described = describeFileError(error, blamed);
    const leftover = removeTemporary(temporary);
    if (described === null) throw error;
    throw new UserError(`${described}${leftover}`, { cause: error });
  }
}

/** Removes the temporary file; the words to add when even that failed. */
function removeTemporary(file: string): string {
  try {
    fs.rmSync(file, { force: true });
    return '';
  } catch (error) {
    return ` The temporary file ${file} is left behind (${fileErrorCode(error) ?? String(error)}); delete it.`;
  }
}
