import * as vscode from 'vscode';
import { DEFAULT_RUN_QUERY, isDefaultSort, isFiltered, parseRunQuery, type RunQuery } from '../../core/runQuery';
import { Disposable } from '../disposable';
import { setContextKey } from '../contextKeys';

const STATE_KEY = 'modelLedger.runQuery';

/**
 * How the Experiments view sorts and filters runs, and whether it shows deleted ones: one query for
 * every folder, kept in the workspace's state so a reload restores it, and mirrored in
 * `modelLedger.runQueryActive` (the "Clear Sort and Filter" title button) and
 * `modelLedger.showingDeleted` (Show Deleted or Hide Deleted in the view's menu).
 */
export class RunQueryState extends Disposable {
  private query: RunQuery;
  private readonly changed = this.register(new vscode.EventEmitter<RunQuery>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    super();
    this.query = parseRunQuery(memento.get(STATE_KEY));
    void this.updateContext();
  }

  get current(): RunQuery {
    return this.query;
  }

  /** Sorted or filtered other than by default; showing deleted runs is a toggle of its own. */
  get active(): boolean {
    return !isDefaultSort(this.query) || isFiltered(this.query);
  }

  async set(query: RunQuery): Promise<void> {
    this.query = query;
    this.changed.fire(query);
    await Promise.all([this.memento.update(STATE_KEY, query), this.updateContext()]);
  }

  /** The default sort and no filter; Show Deleted stays as the user set it. */
  clear(): Promise<void> {
    return this.set({ ...DEFAULT_RUN_QUERY, filter: { ...DEFAULT_RUN_QUERY.filter, showDeleted: this.query.filter.showDeleted } });
  }

  /** Show Deleted / Hide Deleted: deleted experiments and runs listed, or hidden with their counts said. */
  showDeleted(show: boolean): Promise<void> {
    return this.set({ ...this.query, filter: { ...this.query.filter, showDeleted: show } });
  }

  private async updateContext(): Promise<void> {
    await Promise.all([setContextKey('modelLedger.runQueryActive', this.active), setContextKey('modelLedger.showingDeleted', this.query.filter.showDeleted)]);
  }
}
