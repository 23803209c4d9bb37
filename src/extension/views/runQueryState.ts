import * as vscode from 'vscode';
import { DEFAULT_RUN_QUERY, isDefaultSort, isFiltered, parseRunQuery, type RunQuery } from '../../core/runQuery';
import { Disposable } from '../disposable';
import { setContextKey } from '../contextKeys';

const STATE_KEY = 'modelLedger.runQuery';

/**
 * How the Experiments view sorts and filters runs: one query for every folder, kept in the
 * workspace's state so a reload restores it, and mirrored in `modelLedger.runQueryActive` for the
 * "Clear Sort and Filter" title button.
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

  get active(): boolean {
    return !isDefaultSort(this.query) || isFiltered(this.query);
  }

  async set(query: RunQuery): Promise<void> {
    this.query = query;
    this.changed.fire(query);
    await Promise.all([this.memento.update(STATE_KEY, query), this.updateContext()]);
  }

  clear(): Promise<void> {
    return this.set(DEFAULT_RUN_QUERY);
  }

  private async updateContext(): Promise<void> {
    await setContextKey('modelLedger.runQueryActive', this.active);
  }
}
