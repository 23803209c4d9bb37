export type ChangedFileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'typeChanged';

/** A file that differs between two commits. */
export interface ChangedFile {
  /** Relative to the repository root, with `/`; in the newer commit (in the older one when deleted). */
  path: string;
  /** Renames and copies: where the file came from. */
  oldPath: string | null;
  status: ChangedFileStatus;
}
