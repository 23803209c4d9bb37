/** What a file-system error code says about a path, and what the user can do about it. */
const FILE_ERRORS: Record<string, { problem: string; fix: string }> = {
  ENOENT: { problem: 'does not exist', fix: 'check the path' },
  ENOTDIR: { problem: 'does not exist (a part of its path is a file, not a folder)', fix: 'check the path' },
  EACCES: { problem: 'is not accessible: permission denied', fix: 'check its permissions (ls -ld), or run as the user who owns it' },
  EPERM: { problem: 'is not accessible: operation not permitted', fix: 'check its permissions (ls -ld), or run as the user who owns it' },
  EISDIR: { problem: 'is a folder, not a file', fix: 'name a file' },
  ELOOP: { problem: 'is a symbolic link that loops back on itself', fix: 'point the link at a real file or folder' },
  EROFS: { problem: 'is on a read-only file system', fix: 'remount it read-write, or use a folder on another disk' },
  ENOSPC: { problem: 'could not be written: no space left on the disk', fix: 'free some space and run the command again' },
  EDQUOT: { problem: 'could not be written: disk quota exceeded', fix: 'free some space and run the command again' },
  EFBIG: { problem: 'could not be written: larger than the file size limit', fix: 'raise the limit (ulimit -f) and run the command again' },
  ENAMETOOLONG: { problem: 'has a name too long for the file system', fix: 'use a shorter path' },
  EEXIST: { problem: 'exists already', fix: 'move it away, or name another path' },
  EBUSY: { problem: 'is busy (in use by another process or the system)', fix: 'try again when it is free' },
};

/** The code of a Node file-system error the user can act on; null for anything else. */
export function fileErrorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in FILE_ERRORS ? code : null;
}

/**
 * One line for a file-system error: the path (given, else the error's), what is wrong and what
 * to do, e.g. "/data/out.json could not be written: no space left on the disk (ENOSPC); free
 * some space and run the command again". Null when it is not such an error.
 */
export function describeFileError(error: unknown, file?: string): string | null {
  const code = fileErrorCode(error);
  if (code === null) return null;
  const { problem, fix } = FILE_ERRORS[code]!;
  const where = file ?? (error as NodeJS.ErrnoException).path;
  return `${where ?? 'a file'} ${problem} (${code}); ${fix}.`;
}
