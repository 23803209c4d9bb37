import * as vscode from 'vscode';
import { filterTimeline, type TimelineEvent, type TimelineFilter } from '../../core/history/timeline';
import { formatTime } from '../../common/format';
import type { Store } from '../../store/store';
import { readTimeline } from '../../store/timeline';
import type { ReviewSource } from '../registry/pendingReviews';
import type { WorkspaceStores } from '../workspaceStores';
import type { ImportProgress } from '../views/importProgress';
import { MessageNode } from '../views/nodes/messageNode';
import { StoreTreeProvider } from '../views/storeTreeProvider';
import type { TreeNode } from '../views/treeNode';
import { TimelineEventNode } from './timelineEventNode';

/** Where the filter is kept between sessions (the workspace state). */
const FILTER_STATE_KEY = 'modelLedger.historyFilter';

/** Rows past this many (newest first) are left to the export: a tree of thousands of rows helps nobody. */
export const HISTORY_ROWS = 500;

/**
 * The History view: each folder's registry tag events, reviews and audit log as one timeline,
 * newest first, narrowed by one filter for every folder. Read again whenever a store changes (a
 * registry scan, a command, another process) or the reviews in git do.
 */
export class HistoryTreeProvider extends StoreTreeProvider {
  private current: TimelineFilter = {};
  private readonly filterChanged = this.register(new vscode.EventEmitter<TimelineFilter>());
  readonly onDidChangeFilter = this.filterChanged.event;

  constructor(
    stores: WorkspaceStores,
    imports: ImportProgress,
    private readonly state: vscode.Memento,
    private readonly reviews: ReviewSource,
  ) {
    super(stores, imports);
    this.current = savedFilter(state.get(FILTER_STATE_KEY));
    this.register(reviews.onDidChange(() => this.refresh()));
  }

  get filter(): TimelineFilter {
    return this.current;
  }

  setFilter(filter: TimelineFilter): void {
    this.current = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as TimelineFilter;
    void this.state.update(FILTER_STATE_KEY, this.current);
    this.filterChanged.fire(this.current);
    this.refresh();
  }

  folders(): readonly vscode.WorkspaceFolder[] {
    return this.stores.folders();
  }

  /** The folder's events as the view shows them (filtered), every one of them, for export. */
  events(folder: vscode.WorkspaceFolder): TimelineEvent[] {
    const state = this.stores.read(folder);
    return state.kind === 'ready' ? filterTimeline(this.timeline(folder, state.store), this.current) : [];
  }

  /** Every event of the folder, unfiltered: what the filter pickers offer. */
  allEvents(folder: vscode.WorkspaceFolder): TimelineEvent[] {
    const state = this.stores.read(folder);
    return state.kind === 'ready' ? this.timeline(folder, state.store) : [];
  }

  private timeline(folder: vscode.WorkspaceFolder, store: Store): TimelineEvent[] {
    return readTimeline(store, this.reviews.reviewsOf(folder.uri.fsPath));
  }

  protected rootsOf(folder: vscode.WorkspaceFolder, store: Store): TreeNode[] {
    const events = filterTimeline(this.timeline(folder, store), this.current);
    const parent = this.folderNode(folder);
    const rows: TreeNode[] = events.slice(0, HISTORY_ROWS).map((e) => new TimelineEventNode(folder, e, parent));
    if (events.length > HISTORY_ROWS) {
      rows.push(new MessageNode(vscode.l10n.t('{0} older events: narrow the filter, or export them.', events.length - HISTORY_ROWS), new vscode.ThemeIcon('ellipsis')));
    }
    if (events.length === 0 && describeFilter(this.current) !== '') rows.push(new MessageNode(vscode.l10n.t('No event matches the filter.'), new vscode.ThemeIcon('filter')));
    return rows;
  }
}

/** The filter saved in the workspace state, field by field: anything else there (an older shape) is dropped. */
function savedFilter(saved: unknown): TimelineFilter {
  if (typeof saved !== 'object' || saved === null) return {};
  const record = saved as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' && record[key] !== '' ? (record[key] as string) : undefined);
  const time = (key: string) => (typeof record[key] === 'number' && Number.isFinite(record[key]) ? (record[key] as number) : undefined);
  const filter: TimelineFilter = { model: text('model'), stage: text('stage'), actor: text('actor'), from: time('from'), to: time('to') };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as TimelineFilter;
}

/** The filter in a few words, for the view's description; empty when there is none. */
export function describeFilter(filter: TimelineFilter): string {
  const day = (at: number) => formatTime(at).slice(0, 10);
  const range =
    filter.from !== undefined && filter.to !== undefined
      ? `${day(filter.from)} – ${day(filter.to)}`
      : filter.from !== undefined
        ? vscode.l10n.t('since {0}', day(filter.from))
        : filter.to !== undefined
          ? vscode.l10n.t('until {0}', formatTime(filter.to))
          : undefined;
  return [filter.model, filter.stage, filter.actor, range].filter((p) => p !== undefined).join(' · ');
}
