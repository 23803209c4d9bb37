import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { ImportActivity, SourceImports } from '../ingest/sourceImports';

/** How far a folder's import is: the source being read and its runs so far (total null while unknown). */
export interface FolderImport {
  source: string | null;
  done: number;
  total: number | null;
}

/**
 * The imports of each folder as the views show them: while one runs, the views say so (a row with
 * its progress, counts marked as partial) and show their progress bar, never the welcome of an
 * empty workspace with its "Import Runs…" button.
 */
export class ImportProgress extends Disposable {
  private readonly running = new Map<string, FolderImport>();
  private readonly changed = this.register(new vscode.EventEmitter<vscode.WorkspaceFolder>());
  /** A folder's import started, moved on or ended. */
  readonly onDidChange = this.changed.event;
  /** Ends the views' progress bars. */
  private endBars: (() => void) | undefined;

  constructor(
    private readonly imports: SourceImports,
    private readonly viewIds: readonly string[],
  ) {
    super();
    this.register(imports.onDidChangeActivity((activity) => this.update(activity)));
    this.register({ dispose: () => this.endBars?.() });
  }

  /** The folder's running import; undefined when none runs. */
  of(folder: vscode.WorkspaceFolder): FolderImport | undefined {
    return this.running.get(folder.uri.toString());
  }

  private update(activity: ImportActivity): void {
    const key = activity.folder.uri.toString();
    switch (activity.state) {
      case 'started':
        if (!this.running.has(key)) this.running.set(key, { source: null, done: 0, total: null });
        break;
      case 'progress':
        this.running.set(key, { source: activity.source, done: activity.done, total: activity.total });
        break;
      case 'finished':
      case 'failed':
        // Two imports of one folder may overlap (the first open's and the user's).
        if (!this.imports.isImporting(activity.folder)) this.running.delete(key);
        break;
      default: {
        const unhandled: never = activity;
        return unhandled;
      }
    }
    this.showBars();
    this.changed.fire(activity.folder);
  }

  /** The views' progress bars run while any folder imports. */
  private showBars(): void {
    if (this.running.size === 0) {
      this.endBars?.();
      this.endBars = undefined;
      return;
    }
    if (this.endBars) return;
    const ended = new Promise<void>((resolve) => (this.endBars = resolve));
    for (const viewId of this.viewIds) void vscode.window.withProgress({ location: { viewId } }, () => ended);
  }
}
