import * as vscode from 'vscode';
import type { TimelineFilter } from '../../core/history/timeline';
import { setContextKey } from '../contextKeys';
import { Disposable } from '../disposable';
import type { Feedback } from '../feedback';
import type { ReviewSource } from '../registry/pendingReviews';
import type { StageAtDateAnswer } from '../registry/stageAtDateCommand';
import type { ImportProgress } from '../views/importProgress';
import type { WorkspaceStores } from '../workspaceStores';
import { exportHistoryCommand } from './exportHistoryCommand';
import { filterHistoryCommand } from './historyFilterCommand';
import { describeFilter, HistoryTreeProvider } from './historyTree';
import { TimelineEventNode } from './timelineEventNode';

export interface HistoryFeatureOptions {
  stores: WorkspaceStores;
  imports: ImportProgress;
  feedback: Feedback;
  /** Keeps the filter across reloads. */
  state: vscode.Memento;
  /** The History view, showing {@link HistoryFeature.tree} (extension.ts creates it before the features load). */
  view: vscode.TreeView<unknown>;
  /** The reviews in each folder's git repository (read by the registry feature). */
  reviews: ReviewSource;
}

/** The History view, its filter (shown as the view's description) and its commands. */
export class HistoryFeature extends Disposable {
  readonly tree: HistoryTreeProvider;
  readonly view: vscode.TreeView<unknown>;

  constructor(options: HistoryFeatureOptions) {
    super();
    this.tree = this.register(new HistoryTreeProvider(options.stores, options.imports, options.state, options.reviews));
    const view = options.view;
    this.view = view;
    const showFilter = (filter: TimelineFilter) => {
      view.description = describeFilter(filter);
      void setContextKey('modelLedger.historyFiltered', view.description !== '');
    };
    showFilter(this.tree.filter);
    this.register(this.tree.onDidChangeFilter(showFilter));
    const guarded = <A>(id: string, run: (arg: A) => Promise<unknown>) =>
      vscode.commands.registerCommand(id, async (arg: A) => {
        try {
          return await run(arg);
        } catch (error) {
          options.feedback.error(error);
          return undefined;
        }
      });
    this.register(guarded('modelLedger.filterHistory', (arg: unknown) => filterHistoryCommand(this.tree, arg)));
    this.register(guarded('modelLedger.clearHistoryFilter', async () => this.tree.setFilter({})));
    this.register(guarded('modelLedger.exportHistory', (arg: unknown) => exportHistoryCommand(this.tree, options.feedback, arg)));
    this.register(guarded('modelLedger.historyStageAtDate', (arg: unknown) => this.stageAtDate(arg)));
  }

  /**
   * "What Was in Stage on Date…" from the History view: the registry's answer (the Models view's
   * command, asking for what the row or the filter does not say), then the view narrowed to that
   * model and stage up to that moment, so the answer's own promotion leads the list.
   */
  private async stageAtDate(arg: unknown): Promise<StageAtDateAnswer | undefined> {
    const filter = this.tree.filter;
    const target =
      arg instanceof TimelineEventNode
        ? { folder: arg.folder.uri, model: arg.event.model ?? undefined, stage: arg.event.stage ?? undefined }
        : typeof arg === 'object' && arg !== null
          ? arg
          : { model: filter.model, stage: filter.stage };
    const answer = await vscode.commands.executeCommand<StageAtDateAnswer | undefined>('modelLedger.stageAtDate', target);
    if (answer) this.tree.setFilter({ ...filter, model: answer.model, stage: answer.stage, from: undefined, to: answer.at });
    return answer;
  }
}
