import * as vscode from 'vscode';
import { errorMessage, UserError } from '../../core/errors';
import { GitRepo } from '../../git/repo';
import { GIT_CONTENT_SCHEME } from '../viewIds';

interface GitFileRef {
  /** The repository's folder. */
  repo: string;
  /** A full commit id. */
  commit: string;
  /** Repository-relative, with forward slashes. */
  path: string;
}

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** A read-only document with a file's content at a commit: `model-ledger-git:/<path>?<repo and commit>`. */
export function gitFileUri(ref: GitFileRef): vscode.Uri {
  return vscode.Uri.from({ scheme: GIT_CONTENT_SCHEME, path: `/${ref.path}`, query: JSON.stringify({ repo: ref.repo, commit: ref.commit }) });
}

export function parseGitFileUri(uri: vscode.Uri): GitFileRef | undefined {
  if (uri.scheme !== GIT_CONTENT_SCHEME) return undefined;
  try {
    const query = JSON.parse(uri.query) as { repo?: unknown; commit?: unknown };
    const path = uri.path.replace(/^\//, '');
    if (typeof query.repo !== 'string' || typeof query.commit !== 'string' || !COMMIT.test(query.commit) || !path) return undefined;
    return { repo: query.repo, commit: query.commit, path };
  } catch {
    return undefined;
  }
}

/**
 * Serves a file's content at a commit for the diff editor. A file that did not exist at that
 * commit (added or deleted between two versions) is an empty document, as in VS Code's own git
 * diffs; any other failure (no repository, a commit that is gone) is an error in the editor and
 * in the log.
 */
export class GitContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseGitFileUri(uri);
    if (!ref) throw new Error(vscode.l10n.t('Not a Model Ledger git document: {0}', uri.toString()));
    try {
      const repo = await GitRepo.find(ref.repo);
      if (!repo) throw new UserError(vscode.l10n.t('{0} is no longer a git repository.', ref.repo));
      return (await repo.fileAt(ref.commit, ref.path)) ?? '';
    } catch (error) {
      this.log.error(`Reading ${ref.path} at ${ref.commit} in ${ref.repo}: ${errorMessage(error)}`);
      throw error;
    }
  }
}
