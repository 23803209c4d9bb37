import { UserError } from '../core/errors';
import { assertSafeArgument, type GitRepo } from './repo';

/** A file (or what stands in a file's place) in a commit's tree. */
export interface CommitFile {
  /** Relative to the repository root, `/`-separated. */
  path: string;
  /** git's file mode: 100644 and 100755 are files, 120000 a symbolic link, 160000 a submodule. */
  mode: string;
  oid: string;
}

/**
 * What a commit holds at `target`: the file itself, or every file under the folder (recursively);
 * empty when the commit has neither. Symbolic links and submodules are listed with their modes,
 * for the caller to refuse: their content is no artifact's.
 */
export async function filesAt(repo: GitRepo, commit: string, target: string): Promise<CommitFile[]> {
  assertSafeArgument('Commit', commit);
  const out = await repo.git.raw(['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', commit, '--', target]);
  const files: CommitFile[] = [];
  for (const record of out.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, , oid] = record.slice(0, tab).split(' ');
    const file = record.slice(tab + 1);
    // A pathspec `a/b` also matches the folder `a/b`'s files only; anything else is another path.
    if (file === target || file.startsWith(`${target}/`)) files.push({ path: file, mode: mode!, oid: oid! });
  }
  return files;
}

/** A blob's bytes (git keeps files in its objects whole; one over GitHub's 100 MB limit is rare). */
export async function blobBytes(repo: GitRepo, oid: string): Promise<Buffer> {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(oid)) throw new UserError(`"${oid}" is not a git object id.`);
  return repo.git.binaryCatFile(['blob', oid]);
}
