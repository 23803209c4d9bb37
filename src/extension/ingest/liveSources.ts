import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { SettleTimer } from '../../core/settleTimer';
import type { Diagnostic } from '../../ingest/diagnostics';
import { LIVE_DEBOUNCE_MS, LIVE_MAX_WAIT_MS, LIVE_POLL_MS } from '../../ingest/live';
import { runFolderOf } from '../../ingest/mlflow/layout';
import { FilesPoll } from '../../ingest/poll/filesPoll';
import { MlflowPoll } from '../../ingest/poll/mlflowPoll';
import { RunLogPoll } from '../../ingest/poll/runLogPoll';
import type { SourcePoll } from '../../ingest/poll/sourcePoll';
import type { SourceRef } from '../../ingest/sources';
import { Disposable } from '../disposable';
import type { IngestWorkerClient } from './ingestWorkerClient';
import type { ImportProblems } from './problems';

/** The MLflow run ids a folder's store says are running and not stale: those the live poll follows. */
export type RunningRunIds = (folder: vscode.WorkspaceFolder) => ReadonlySet<string>;

interface Followed {
  folder: vscode.WorkspaceFolder;
  watcher: vscode.Disposable;
  poll: SourcePoll;
}

/**
 * Follows imported sources live: re-reads a source as soon as its files change. The file watcher
 * reports changes at once; a poll of what is live catches those it misses. In an MLflow store only
 * the runs whose folders changed are read again.
 */
export class LiveSources extends Disposable {
  /** By source path (or `<folder>#runlog`). */
  private readonly followed = new Map<string, Followed>();
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
        for (const { watcher } of this.followed.values()) watcher.dispose();
        for (const timer of this.timers.values()) timer.dispose();
      },
    });
  }

  /**
   * Model Ledger's own run log is always followed, even before its folder exists: a training
   * script started after the window opened shows up live. Only the changed file is read.
   */
  followRunLog(folder: vscode.WorkspaceFolder): void {
    const key = `${folder.uri.fsPath}#runlog`;
    if (this.followed.has(key)) return;
    const runs = path.join(folder.uri.fsPath, '.modelledger', 'runs');
    // A new folder is reported alone, not the files written into it at once: read the whole log then.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.modelledger{,/runs,/runs/*.jsonl}'));
    const changed = (uri: vscode.Uri) => {
      if (uri.fsPath.endsWith('.jsonl')) this.schedule(folder, { kind: 'runlog', path: uri.fsPath });
      else if (fs.existsSync(runs)) this.schedule(folder, { kind: 'runlog', path: runs });
    };
    this.followed.set(key, { folder, watcher: vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed)), poll: new RunLogPoll(runs) });
  }

  /**
   * Re-reads a source when any of its files changes (a run log line, an MLflow metric, a DVCLive
   * plot): in an MLflow store, only the run folders that changed.
   */
  follow(folder: vscode.WorkspaceFolder, source: SourceRef): void {
    if (source.kind === 'runlog' || this.followed.has(source.path)) return;
    // Patterns on the workspace folder, not on the source's own folder: those are served by the
    // workspace's file watcher, which runs from the start. A pattern based on a folder of its own
    // starts a watcher of its own, which was seen to miss every change to a folder made just before.
    const relative = globEscape(path.relative(folder.uri.fsPath, source.path).split(path.sep).join('/'));
    const pattern = new vscode.RelativePattern(folder, source.kind === 'mlflow-db' ? `${relative}*` : `${relative}/**`);
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const changed = (uri: vscode.Uri) => {
      // A DVCLive folder nested in this one (dvclive/fold_0 in dvclive/) is a run of its own, followed apart.
      if (source.kind === 'dvclive' && this.nestedSourceOf(source.path, uri.fsPath)) return;
      this.schedule(folder, source, source.kind === 'mlflow' ? runFolderOf(source.path, uri.fsPath) : null);
    };
    const poll = source.kind === 'mlflow' ? new MlflowPoll(source, () => this.runningRunIds(folder)) : FilesPoll.of(source);
    this.followed.set(source.path, { folder, watcher: vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed)), poll });
  }

  /** Stops following the sources of a folder that left the workspace. */
  forget(folder: vscode.WorkspaceFolder): void {
    for (const [key, followed] of this.followed) {
      if (followed.folder.uri.toString() !== folder.uri.toString()) continue;
      followed.watcher.dispose();
      this.followed.delete(key);
    }
    // Timers and pending changes are by source path (a run log's by file), all inside the folder.
    const inside = `${folder.uri.fsPath}${path.sep}`;
    for (const [sourcePath, timer] of this.timers) {
      if (!sourcePath.startsWith(inside)) continue;
      timer.dispose();
      this.timers.delete(sourcePath);
      this.pending.delete(sourcePath);
    }
  }

  private nestedSourceOf(sourcePath: string, file: string): boolean {
    for (const key of this.followed.keys()) {
      if (key !== sourcePath && key.startsWith(`${sourcePath}${path.sep}`) && file.startsWith(`${key}${path.sep}`)) return true;
    }
    return false;
  }

  /**
   * Schedules what the polls found changed and is not already waiting for an import. A change the
   * watcher reported counts only while its import has not begun: an import that began before the
   * file was written did not read it, and the watcher often misses files in a folder just made.
   */
  private poll(): void {
    for (const { folder, poll } of this.followed.values()) {
      for (const change of poll.check()) {
        if (!this.isPending(change.source.path, change.runDir)) this.schedule(folder, change.source, change.runDir);
      }
    }
  }

  private isPending(sourcePath: string, runDir: string | null): boolean {
    const pending = this.pending.get(sourcePath);
    return pending === 'all' || (pending !== undefined && runDir !== null && pending.has(runDir));
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
      this.problems.output.error(`Following ${source.path} failed: ${errorMessage(error)}`);
    } finally {
      this.running.delete(source.path);
      if (this.pending.has(source.path)) void this.reimport(folder, source);
    }
  }
}

/** A path as a glob: glob characters match as any one character (rare in folder names; a sibling that matches too only costs a re-read). */
function globEscape(text: string): string {
  return text.replace(/[*?[\]{}!]/g, '?');
}
