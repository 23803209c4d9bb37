import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { Review } from '../../core/governance/review';
import { pendingRequests } from '../../core/governance/reviewChecks';
import { GitRepo } from '../../git/repo';
import { readReviews } from '../../registry/reviews';
import { Disposable } from '../disposable';
import type { FolderRegistries } from './folderRegistries';

/** What the Models view asks of each version row. */
export interface PendingReviewSource {
  /** The version's review requests not yet answered, oldest first. */
  pendingOf(folder: string, model: string, version: string): readonly Review[];
}

/** What the History view asks: every review of a folder's repository, as last read. */
export interface ReviewSource {
  reviewsOf(folder: string): readonly Review[];
  /** A folder's reviews changed. */
  readonly onDidChange: vscode.Event<vscode.WorkspaceFolder>;
}

/**
 * The review requests of each folder's repository still waiting for an answer, read from git
 * after activation, when the repository's refs change (a review written here, by the CLI, or
 * fetched) and after each review command. Only in a trusted workspace: checking a signature runs
 * the programs the repository's git config names.
 */
export class PendingReviews extends Disposable implements PendingReviewSource, ReviewSource {
  private readonly all = new Map<string, readonly Review[]>();
  private readonly pending = new Map<string, readonly Review[]>();
  /** Problems already logged, so a refresh does not repeat them. */
  private readonly told = new Set<string>();
  private readonly changed = this.register(new vscode.EventEmitter<vscode.WorkspaceFolder>());
  private readonly pendingChanged = this.register(new vscode.EventEmitter<vscode.WorkspaceFolder>());
  /** A folder's reviews changed. */
  readonly onDidChange = this.changed.event;
  /** A folder's pending requests changed (what the Models view shows: it is redrawn only then). */
  readonly onDidChangePending = this.pendingChanged.event;

  constructor(
    private readonly registries: FolderRegistries,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(registries.repos.onDidChangeRefs((folder) => void this.reloadQuietly(folder)));
  }

  reviewsOf(folder: string): readonly Review[] {
    return this.all.get(folder) ?? [];
  }

  pendingOf(folder: string, model: string, version: string): readonly Review[] {
    return (this.pending.get(folder) ?? []).filter((r) => r.model === model && r.version === version);
  }

  /** Reads every git folder's reviews (after activation). */
  async loadAll(): Promise<void> {
    for (const folder of await this.registries.gitFolders()) await this.reloadQuietly(folder);
  }

  /** Reads the folder's reviews again; tells the views when they changed. */
  async reload(folder: vscode.WorkspaceFolder): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    const repo = await GitRepo.find(folder.uri.fsPath);
    const { reviews, problems } = repo ? await readReviews(repo) : { reviews: [], problems: [] };
    for (const problem of problems) {
      if (this.told.has(problem)) continue;
      this.told.add(problem);
      this.log.warn(problem);
    }
    const refs = (list: readonly Review[]) => list.map((r) => r.ref).join();
    const before = { all: this.all.get(folder.uri.fsPath) ?? [], pending: this.pending.get(folder.uri.fsPath) ?? [] };
    const pending = pendingRequests(reviews);
    this.all.set(folder.uri.fsPath, reviews);
    this.pending.set(folder.uri.fsPath, pending);
    if (refs(before.all) !== refs(reviews)) this.changed.fire(folder);
    if (refs(before.pending) !== refs(pending)) this.pendingChanged.fire(folder);
  }

  private async reloadQuietly(folder: vscode.WorkspaceFolder): Promise<void> {
    try {
      await this.reload(folder);
    } catch (error) {
      this.log.warn(`Reading the reviews of ${folder.name} failed; trying again on the next change: ${errorMessage(error)}`);
    }
  }
}
