import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostic } from '../../ingest/diagnostics';
import { SettleTimer } from '../../core/settleTimer';
import { LIVE_DEBOUNCE_MS, LIVE_MAX_WAIT_MS, LIVE_POLL_MS } from '../../ingest/live';
import { runFolderOf } from '../../ingest/mlflow/layout';
import { FilesPoll } from '../../ingest/poll/filesPoll';
import { MlflowPoll } from '../../ingest/poll/mlflowPoll';
import { RunLogPoll } from '../../ingest/poll/runLogPoll';
import type { SourcePoll } from '../../ingest/poll/sourcePoll';
import type { SourceRef } from '../../ingest/sources';
import type { ImportSummary } from '../../ingest/types';
import { Disposable } from '../disposable';
import type { IngestWorkerClient } from './ingestWorkerClient';
import type { ImportProblems } from './problems';
import { errorMessage } from '../../core/errors';

export type SourcesSetting = 'auto' | 'ask' | 'off';

/** A background import that runs longer than this also shows a progress notification. */
const LONG_IMPORT_MS = 2000;

export interface ImportOutcome {
  summaries: ImportSummary[];
  problems: Diagnostic[];
}

/** The MLflow run ids a folder's store says are running. */
export type RunningRunIds = (folder: vscode.WorkspaceFolder) => ReadonlySet<string>;

/**
 * Imports run sources into each workspace folder's store: on opening (as `modelLedger.sources`
 * says), on request, and live, re-reading a source as soon as its files change. The file watcher
 * reports changes at once; a poll of what is live catches those it misses.
 */
export class SourceImports extends Disposable {
  private readonly watched = new Map<string, vscode.Disposable>();
  private readonly polls = new Map<string, { folder: vscode.WorkspaceFolder; poll: SourcePoll }>();
  /** What the watcher reported since the last poll (source path and run folder), so the poll does not read it again. */
  private readonly reported = new Set<string>();
  private readonly timers = new Map<string, SettleTimer>();
  /** One import at a time per source; a change during an import runs it once more afterwards. */
  private readonly running = new Map<string, Promise<unknown>>();
  /** Per source, what changed since its last import began: the MLflow run folders, or 'all'. */
  private readonly pending = new Map<string, Set<string> | 'all'>();

  constructor(
    private readonly worker: IngestWorkerClient,
    private readonly problems: ImportProblems,
    private readonly runningRunIds: RunningRunIds,
  ) {
    super();
    const poll = setInterval(() => this.poll(), LIVE_POLL_MS);
    this.register({
      dispose: () => {
        clearInterval(poll);
        for (const watcher of this.watched.values()) watcher.dispose();
        for (const timer of this.timers.values()) timer.dispose();
      },
    });
  }

  /** What to do when a workspace opens, per folder as `modelLedger.sources` says: import, ask first, or nothing. */
  async onWorkspaceOpened(folders: readonly vscode.WorkspaceFolder[]): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    for (const folder of folders) {
      this.watchRunLog(folder);
      const setting = vscode.workspace.getConfiguration('modelLedger', folder).get<SourcesSetting>('sources', 'auto');
      if (setting === 'off') continue;
      if (setting === 'ask') {
        const sources = await this.worker.discover(folder.uri.fsPath);
        if (sources.length === 0 || !(await this.askToImport(folder, sources))) continue;
        await this.importFolder(folder, sources, vscode.ProgressLocation.Notification);
      } else {
        await this.importFolder(folder, 'discover', vscode.ProgressLocation.Window);
      }
    }
  }

  /**
   * Imports and then keeps watching what was imported. A background import shows its progress in
   * the status bar, and in a notification too once it has taken longer than a moment.
   */
  async importFolder(folder: vscode.WorkspaceFolder, sources: SourceRef[] | 'discover', location: vscode.ProgressLocation): Promise<ImportOutcome> {
    let found: SourceRef[] = sources === 'discover' ? [] : sources;
    const problems: Diagnostic[] = [];
    const title = vscode.l10n.t('Model Ledger: importing runs');
    const reporters: ((message: string) => void)[] = [];
    let last = '';
    const report = (message: string) => {
      last = message;
      for (const r of reporters) r(message);
    };
    const importing = this.worker.import(folder.uri.fsPath, sources, {
      onDiscovered: (discovered) => (found = discovered),
      onProgress: (source, done, total) => report(total === null ? `${source}: ${done}` : `${source}: ${done}/${total}`),
      onDiagnostic: (d) => {
        problems.push(d);
        this.problems.log(d);
      },
    });
    const showWhile = (where: vscode.ProgressLocation) =>
      vscode.window.withProgress({ location: where, title }, (progress) => {
        reporters.push((message) => progress.report({ message }));
        if (last) progress.report({ message: last });
        return importing.catch(() => undefined);
      });
    void showWhile(location);
    const timer = location === vscode.ProgressLocation.Window ? setTimeout(() => void showWhile(vscode.ProgressLocation.Notification), LONG_IMPORT_MS) : undefined;
    const summaries = await importing.finally(() => clearTimeout(timer));
    this.problems.replace(sources === 'discover' ? folder.uri.fsPath : found[0]?.path ?? folder.uri.fsPath, problems);
    for (const s of summaries) {
      this.problems.output.info(`${folder.name}: ${s.source} (${s.kind}): ${s.experiments} experiments, ${s.runs} runs, ${s.models} models, ${s.failedRuns} failed`);
    }
    for (const source of found) if (source.kind !== 'runlog') this.watch(folder, source);
    return { summaries, problems };
  }

  /**
   * Model Ledger's own run log is always followed, even before its folder exists: a training
   * script started after the window opened shows up live. Only the changed file is read.
   */
  private watchRunLog(folder: vscode.WorkspaceFolder): void {
    const key = `${folder.uri.fsPath}#runlog`;
    if (this.watched.has(key)) return;
    const runs = path.join(folder.uri.fsPath, '.modelledger', 'runs');
    // A new folder is reported alone, not the files written into it at once: read the whole log then.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.modelledger{,/runs,/runs/*.jsonl}'));
    const changed = (uri: vscode.Uri) => {
      if (uri.fsPath.endsWith('.jsonl')) this.reportedChange(folder, { kind: 'runlog', path: uri.fsPath });
      else if (fs.existsSync(runs)) this.reportedChange(folder, { kind: 'runlog', path: runs });
    };
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    this.watched.set(key, watcher);
    this.polls.set(key, { folder, poll: new RunLogPoll(runs) });
  }

  /**
   * Re-reads a source when any of its files changes (a run log line, an MLflow metric, a DVCLive
   * plot). In an MLflow store only the runs whose folders changed are read again.
   */
  private watch(folder: vscode.WorkspaceFolder, source: SourceRef): void {
    if (this.watched.has(source.path)) return;
    // Patterns on the workspace folder, not on the source's own folder: those are served by the
    // workspace's file watcher, which runs from the start. A pattern based on a folder of its own
    // starts a watcher of its own, which was seen to miss every change to a folder made just before.
    const relative = globEscape(path.relative(folder.uri.fsPath, source.path).split(path.sep).join('/'));
    const pattern = new vscode.RelativePattern(folder, source.kind === 'mlflow-db' ? `${relative}*` : `${relative}/**`);
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const changed = (uri: vscode.Uri) => this.reportedChange(folder, source, source.kind === 'mlflow' ? runFolderOf(source.path, uri.fsPath) : null);
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    this.watched.set(source.path, watcher);
    const poll = source.kind === 'mlflow' ? new MlflowPoll(source, () => this.runningRunIds(folder)) : FilesPoll.of(source);
    this.polls.set(source.path, { folder, poll });
  }

  private reportedChange(folder: vscode.WorkspaceFolder, source: SourceRef, runDir: string | null = null): void {
    this.reported.add(source.path);
    if (runDir !== null) this.reported.add(runDir);
    this.schedule(folder, source, runDir);
  }

  /** Schedules what the polls found changed and the watcher did not report. */
  private poll(): void {
    for (const { folder, poll } of this.polls.values()) {
      for (const change of poll.check()) {
        const seen = change.runDir === null ? this.reported.has(change.source.path) : this.reported.has(change.runDir);
        if (!seen) this.schedule(folder, change.source, change.runDir);
      }
    }
    this.reported.clear();
  }

  /** `runDir`: the one run folder of an MLflow store the change is in; null: the change concerns the whole source. */
  private schedule(folder: vscode.WorkspaceFolder, source: SourceRef, runDir: string | null = null): void {
    const before = this.pending.get(source.path);
    this.pending.set(source.path, runDir === null || before === 'all' ? 'all' : new Set([...(before ?? []), runDir]));
    let timer = this.timers.get(source.path);
    if (!timer) {
      timer = new SettleTimer(() => void this.reimport(folder, source), LIVE_DEBOUNCE_MS, LIVE_MAX_WAIT_MS);
      this.timers.set(source.path, timer);
    }
    timer.poke();
  }

  private async reimport(folder: vscode.WorkspaceFolder, source: SourceRef): Promise<void> {
    // A running import picks up what is pending when it ends.
    if (this.running.has(source.path)) return;
    const changed = this.pending.get(source.path);
    if (!changed) return;
    this.pending.delete(source.path);
    const target: SourceRef = changed === 'all' ? source : { ...source, runDirs: [...changed] };
    const problems: Diagnostic[] = [];
    const run = this.worker.import(folder.uri.fsPath, [target], { onDiagnostic: (d) => problems.push(d) });
    this.running.set(source.path, run);
    try {
      await run;
      for (const scope of target.runDirs ?? [source.path]) this.problems.replace(scope, problems);
    } catch (error) {
      this.problems.output.error(`${source.path}: ${errorMessage(error)}`);
    } finally {
      this.running.delete(source.path);
      if (this.pending.has(source.path)) void this.reimport(folder, source);
    }
  }

  private async askToImport(folder: vscode.WorkspaceFolder, sources: SourceRef[]): Promise<boolean> {
    const kinds = [...new Set(sources.map((s) => s.kind))].join(', ');
    const importNow = vscode.l10n.t('Import');
    const always = vscode.l10n.t('Always Import');
    const never = vscode.l10n.t('Never');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Model Ledger found {0} run source(s) in {1} ({2}). Import them?', sources.length, folder.name, kinds),
      importNow,
      always,
      never,
    );
    const config = vscode.workspace.getConfiguration('modelLedger', folder);
    if (choice === always) await config.update('sources', 'auto', vscode.ConfigurationTarget.Workspace);
    if (choice === never) await config.update('sources', 'off', vscode.ConfigurationTarget.Workspace);
    return choice === importNow || choice === always;
  }
}

/** A path as a glob: glob characters match as any one character (rare in folder names; a sibling that matches too only costs a re-read). */
function globEscape(text: string): string {
  return text.replace(/[*?[\]{}!]/g, '?');
}
