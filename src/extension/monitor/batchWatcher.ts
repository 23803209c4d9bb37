import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { formatConfigError, MONITOR_CONFIG_FILE, watchedStages, type WatchedStage } from '../../core/monitor/monitorConfig';
import type { ParsedMonitorConfig } from '../../core/monitor/parseMonitorConfig';
import { BatchMonitor, type StageOutcome } from '../../monitor/batchMonitor';
import type { CheckBatch } from '../../monitor/checkBatch';
import { monitorConfigPath, readMonitorConfig } from '../../monitor/readMonitorConfig';
import type { Store } from '../../store/store';
import { Disposable } from '../disposable';
import type { WorkspaceStores } from '../workspaceStores';

/** A batch file is checked once its writes have been quiet this long (a copy or a download fires many changes). */
export const BATCH_SETTLE_MS = 1000;
/**
 * How often the globs are also looked at directly: VS Code's recursive watcher misses files in a
 * folder made moments after its parent (`mkdir -p data/incoming` then a copy), as docs/decisions.md
 * tells of run folders. An unchanged file costs a stat and one indexed query.
 */
export const BATCH_POLL_MS = 5000;

export interface BatchCheckEvent {
  folder: vscode.WorkspaceFolder;
  outcome: StageOutcome;
}

export interface BatchWatcherOptions {
  stores: WorkspaceStores;
  output: vscode.LogOutputChannel;
  /** The drift check (src/monitor/driftEngine.ts); null: batches are not checked. */
  check: CheckBatch | null;
}

/**
 * Watches the batch globs of each folder's monitor.yaml and checks each new or changed batch once,
 * in the background, keeping the result in the store. In an untrusted workspace nothing is read
 * or written; nothing runs on activation: {@link start} is called once the registry has been read.
 * monitor.yaml's problems are shown in the Problems panel, at their lines.
 */
export class BatchWatcher extends Disposable {
  private readonly watches = new Map<string, FolderWatch>();
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('modelLedger.monitor'));
  private readonly checkedEmitter = this.register(new vscode.EventEmitter<BatchCheckEvent>());
  /** A stage's batches were looked at: checked, found checked before, failed, or the stage could not be checked. */
  readonly onDidCheck = this.checkedEmitter.event;
  private readonly configEmitter = this.register(new vscode.EventEmitter<vscode.WorkspaceFolder>());
  /** A folder's monitor.yaml was read again. */
  readonly onDidChangeConfig = this.configEmitter.event;
  private check: CheckBatch | null;
  private started = false;

  constructor(private readonly options: BatchWatcherOptions) {
    super();
    this.check = options.check;
    const configWatcher = this.register(vscode.workspace.createFileSystemWatcher(`**/${MONITOR_CONFIG_FILE}`));
    const reloadFor = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder && this.started) void this.reload(folder);
    };
    this.register(configWatcher.onDidCreate(reloadFor));
    this.register(configWatcher.onDidChange(reloadFor));
    this.register(configWatcher.onDidDelete(reloadFor));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.start()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.start()));
    this.register({ dispose: () => this.watches.forEach((w) => w.dispose()) });
  }

  /** Reads every folder's monitor.yaml, watches its globs and checks the batches that landed while nobody watched. */
  async start(): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    if (!this.started && this.check === null) this.options.output.info('Drift checks are not available in this build: monitored batches are not checked.');
    this.started = true;
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const [key, watch] of this.watches) {
      if (!folders.some((f) => f.uri.fsPath === key)) {
        watch.dispose();
        this.watches.delete(key);
      }
    }
    await Promise.all(folders.map((folder) => this.reload(folder)));
  }

  /** The drift check batches go through from now on (the wiring gives the engine; tests a stand-in). */
  useCheck(check: CheckBatch): void {
    this.check = check;
  }

  /** The folder's monitor.yaml as last read; null when it has none (or it was not read yet). */
  config(folder: vscode.WorkspaceFolder): ParsedMonitorConfig | null {
    return this.watches.get(folder.uri.fsPath)?.config ?? null;
  }

  /** Settles when every batch seen so far has been checked (tests, and commands that need the latest). */
  async idle(): Promise<void> {
    for (const watch of this.watches.values()) await watch.idle();
  }

  private async reload(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.fsPath;
    let watch = this.watches.get(key);
    if (!watch) {
      watch = new FolderWatch(folder, this.options, (outcome) => this.checked(folder, outcome), () => this.check);
      this.watches.set(key, watch);
    }
    const parsed = await readMonitorConfig(key).catch((error: unknown): ParsedMonitorConfig => ({
      config: { models: [] },
      errors: [{ file: MONITOR_CONFIG_FILE, line: 1, column: 1, message: errorMessage(error) }],
    }));
    this.showProblems(folder, parsed);
    watch.watch(parsed);
    this.configEmitter.fire(folder);
  }

  private showProblems(folder: vscode.WorkspaceFolder, parsed: ParsedMonitorConfig | null): void {
    const uri = vscode.Uri.file(monitorConfigPath(folder.uri.fsPath));
    const errors = parsed?.errors ?? [];
    for (const error of errors) this.options.output.warn(formatConfigError(error));
    this.diagnostics.set(
      uri,
      errors.map((e) => {
        const at = new vscode.Position(Math.max(0, e.line - 1), Math.max(0, e.column - 1));
        const diagnostic = new vscode.Diagnostic(new vscode.Range(at, at.translate(0, 1)), e.message, vscode.DiagnosticSeverity.Error);
        diagnostic.source = 'Model Ledger';
        return diagnostic;
      }),
    );
  }

  private checked(folder: vscode.WorkspaceFolder, outcome: StageOutcome): void {
    const { output, stores } = this.options;
    const name = `${outcome.stage.model}#${outcome.stage.stage}`;
    if (outcome.problem) output.warn(`${name}: ${outcome.problem}`);
    for (const batch of outcome.batches) {
      if (batch.kind === 'checked') output.info(`${name}: checked ${batch.path}: drift share ${batch.check.driftShare.toFixed(2)}${batch.check.datasetDrift ? ', dataset drift' : ''}`);
      if (batch.kind === 'failed' && !batch.again) output.warn(`${name}: ${batch.path} could not be checked: ${batch.error}`);
    }
    if (outcome.batches.some((b) => b.kind === 'checked')) stores.wrote(true);
    this.checkedEmitter.fire({ folder, outcome });
  }
}

/** One folder's watched stages: a file watcher per glob, and one check at a time. */
class FolderWatch {
  config: ParsedMonitorConfig | null = null;
  private watchers: vscode.Disposable[] = [];
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  /** Batches that failed as they are now: not read again until they change. */
  private readonly failures = new Map<string, { stamp: string; error: string }>();
  private readonly poll: ReturnType<typeof setInterval>;

  constructor(
    private readonly folder: vscode.WorkspaceFolder,
    private readonly options: BatchWatcherOptions,
    private readonly report: (outcome: StageOutcome) => void,
    private readonly check: () => CheckBatch | null,
  ) {
    this.poll = setInterval(() => this.lookAgain(), BATCH_POLL_MS);
  }

  /** Watches the stages of a newly read monitor.yaml, and looks at every batch once. */
  watch(parsed: ParsedMonitorConfig | null): void {
    this.config = parsed;
    // What failed may pass with the new rules or reference.
    this.failures.clear();
    this.disposeWatchers();
    const stages = parsed ? watchedStages(parsed.config) : [];
    for (const stage of stages) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.folder, stage.batches));
      const seen = (uri: vscode.Uri) => this.settle(stage, uri);
      this.watchers.push(watcher, watcher.onDidCreate(seen), watcher.onDidChange(seen));
    }
    for (const stage of stages) this.enqueue((monitor) => monitor.checkStage(stage));
  }

  /** Every stage's glob again, when nothing is queued: what the watcher missed. */
  private lookAgain(): void {
    if (this.pending > 0 || this.timers.size > 0 || !this.config) return;
    for (const stage of watchedStages(this.config.config)) this.enqueue((monitor) => monitor.checkStage(stage), BATCH_SETTLE_MS);
  }

  async idle(): Promise<void> {
    while (this.timers.size > 0) await new Promise((resolve) => setTimeout(resolve, BATCH_SETTLE_MS / 4));
    let tail: Promise<void>;
    do {
      tail = this.queue;
      await tail;
    } while (tail !== this.queue || this.timers.size > 0);
  }

  dispose(): void {
    clearInterval(this.poll);
    this.disposeWatchers();
  }

  private settle(stage: WatchedStage, uri: vscode.Uri): void {
    const rel = path.relative(this.folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    const key = `${stage.model}#${stage.stage}\u0000${rel}`;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.enqueue((monitor) => monitor.checkFile(stage, rel));
      }, BATCH_SETTLE_MS),
    );
  }

  /** Checks run one at a time per folder, after the ones before, whatever fails. */
  private enqueue(work: (monitor: BatchMonitor) => Promise<StageOutcome>, quietForMs = 0): void {
    this.pending++;
    this.queue = this.queue.then(async () => {
      try {
        const check = this.check();
        if (check === null || !vscode.workspace.isTrusted) return;
        const store = this.writableStore();
        if (!store) return;
        const outcome = await work(new BatchMonitor({ workspace: this.folder.uri.fsPath, store, check, quietForMs, failures: this.failures }));
        // A poll reports only what it found new: a batch seen again, or still being written, is no news.
        if (quietForMs === 0 || outcome.batches.some((b) => b.kind === 'checked' || (b.kind === 'failed' && !b.again))) this.report(outcome);
      } catch (error) {
        this.options.output.error(`Checking the batches of ${this.folder.name} failed: ${errorMessage(error)}`);
      } finally {
        this.pending--;
      }
    });
  }

  /** The folder's store, created if need be: a monitor.yaml says the user wants checks kept. */
  private writableStore(): Store {
    return this.options.stores.writable(this.folder);
  }

  private disposeWatchers(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const w of this.watchers.splice(0)) w.dispose();
  }
}
