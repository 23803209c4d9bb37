import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { Diagnostic } from '../../ingest/diagnostics';
import { hasSourceHints } from '../../ingest/sourceHints';
import type { SourceRef } from '../../ingest/sources';
import type { ImportSummary } from '../../ingest/types';
import { setContextKey } from '../contextKeys';
import { Disposable } from '../disposable';
import type { IngestWorkerClient } from './ingestWorkerClient';
import { LiveSources, type RunningRunIds } from './liveSources';
import type { ImportProblems } from './problems';

export type SourcesSetting = 'auto' | 'ask' | 'off';

/** A background import that runs longer than this also shows a progress notification. */
const LONG_IMPORT_MS = 2000;
/** How long an added folder's own settings may take to arrive; a folder without any of ours waits this long. */
const FOLDER_SETTINGS_WAIT_MS = 2000;

export interface ImportOutcome {
  summaries: ImportSummary[];
  problems: Diagnostic[];
}

/**
 * What an import of a folder's sources is doing, for views that say so: it `started`, made
 * `progress` in a source (runs done of total, null while unknown), `finished` or `failed`.
 * Live re-reads of a changed run are not reported: they take a moment and would only flicker.
 */
export type ImportActivity = { folder: vscode.WorkspaceFolder } & (
  | { state: 'started' }
  | { state: 'progress'; source: string; done: number; total: number | null }
  | { state: 'finished'; outcome: ImportOutcome }
  | { state: 'failed'; message: string }
);

/**
 * Imports run sources into each workspace folder's store: on opening, when trust is granted and
 * when a folder is added (as `modelLedger.sources` says), and on request; then follows them live.
 */
export class SourceImports extends Disposable {
  private readonly live: LiveSources;
  private readonly activity = this.register(new vscode.EventEmitter<ImportActivity>());
  /** Fires as imports of a folder start, progress and end (see ImportActivity). */
  readonly onDidChangeActivity = this.activity.event;
  /** Imports running per folder (URI): the first open's and the user's may overlap. */
  private readonly runningByFolder = new Map<string, number>();
  /** Whether the workspace's imports were started (see importsOnDemand): until then only folders showing sources start them. */
  private opened = false;
  /** Folders added (or trusted) before the first look, with no sources at a glance: imported with it, by URI. */
  private readonly waiting = new Map<string, vscode.WorkspaceFolder>();
  /** The sources imported, per folder (URI), as paths of their URIs: the Explorer offers Import Runs… on them. */
  private readonly sources = new Map<string, Set<string>>();

  constructor(
    private readonly worker: IngestWorkerClient,
    private readonly problems: ImportProblems,
    runningRunIds: RunningRunIds,
  ) {
    super();
    this.live = this.register(new LiveSources(worker, problems, runningRunIds));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.startInBackground(vscode.workspace.workspaceFolders ?? [])));
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) {
          this.waiting.delete(folder.uri.toString());
          this.live.forget(folder);
          this.knowSources(folder, null);
        }
        this.foldersAdded(event.added);
      }),
    );
  }

  /** Folders added to the workspace: imported as their own settings say, once those have arrived. Also those added before the features loaded (extension.ts). */
  foldersAdded(folders: readonly vscode.WorkspaceFolder[]): void {
    if (folders.length > 0) this.startInBackground(folders, settingsOf(folders));
  }

  /** Whether the workspace's imports have started (see importsOnDemand). */
  get started(): boolean {
    return this.opened;
  }

  /** Whether an import of the folder's sources is running (live re-reads aside). */
  isImporting(folder: vscode.WorkspaceFolder): boolean {
    return (this.runningByFolder.get(folder.uri.toString()) ?? 0) > 0;
  }

  /**
   * What to do when folders open, per folder as `modelLedger.sources` says: import, ask first, or
   * nothing. An untrusted workspace imports nothing (importing writes the store) until trust is granted.
   */
  async onWorkspaceOpened(opening: readonly vscode.WorkspaceFolder[]): Promise<void> {
    // The first look also takes the folders added meanwhile that had no sources at a glance.
    const openingUris = new Set(opening.map((folder) => folder.uri.toString()));
    const folders = this.opened ? opening : [...opening, ...[...this.waiting.values()].filter((folder) => !openingUris.has(folder.uri.toString()))];
    this.waiting.clear();
    this.opened = true;
    if (!vscode.workspace.isTrusted) return;
    // Side by side: a folder waiting for its question to be answered must not hold up the others
    // (the worker still imports one request at a time).
    await Promise.all(
      folders.map(async (folder) => {
        try {
          await this.openFolder(folder);
        } catch (error) {
          // Logged where it failed; the user expected runs here and would otherwise see an empty view.
          void vscode.window.showErrorMessage(vscode.l10n.t('Model Ledger could not import the runs of {0}: {1}', folder.name, errorMessage(error)));
        }
      }),
    );
  }

  private async openFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    this.live.followRunLog(folder);
    const setting = vscode.workspace.getConfiguration('modelLedger', folder).get<SourcesSetting>('sources', 'auto');
    if (setting === 'off') return;
    if (setting === 'auto') {
      await this.importFolder(folder, 'discover', vscode.ProgressLocation.Window);
      return;
    }
    const sources = await this.sourcesIn(folder.uri.fsPath);
    if (sources.length > 0 && (await this.askToImport(folder, sources))) await this.importFolder(folder, sources, vscode.ProgressLocation.Notification);
  }

  /** The run sources in a folder, found by the worker; problems on the way and a failure are logged. */
  sourcesIn(dir: string): Promise<SourceRef[]> {
    return this.worker
      .discover(dir, (d) => this.problems.log(d))
      .catch((error: unknown) => {
        this.problems.output.error(`finding run sources in ${dir} failed: ${errorMessage(error)}`);
        throw error;
      });
  }

  /**
   * Imports and then follows what was imported. A background import shows its progress in the
   * status bar, and in a notification too once it has taken longer than a moment. A failure of
   * the import as a whole (the store cannot be opened or written) is logged and thrown.
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
    const key = folder.uri.toString();
    this.runningByFolder.set(key, (this.runningByFolder.get(key) ?? 0) + 1);
    this.activity.fire({ folder, state: 'started' });
    const importing = this.worker.import(folder.uri.fsPath, sources, {
      awaited: true,
      onDiscovered: (discovered) => (found = discovered),
      onProgress: (source, done, total) => {
        report(total === null ? `${source}: ${done}` : `${source}: ${done}/${total}`);
        this.activity.fire({ folder, state: 'progress', source, done, total });
      },
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
    let summaries: ImportSummary[];
    try {
      summaries = await importing;
    } catch (error) {
      const message = errorMessage(error);
      this.problems.output.error(`${folder.name}: importing runs failed: ${message}`);
      this.activity.fire({ folder, state: 'failed', message });
      throw error;
    } finally {
      clearTimeout(timer);
      this.runningByFolder.set(key, (this.runningByFolder.get(key) ?? 1) - 1);
    }
    this.problems.replace(sources === 'discover' ? folder.uri.fsPath : found[0]?.path ?? folder.uri.fsPath, problems);
    for (const s of summaries) {
      this.problems.output.info(`${folder.name}: ${s.source} (${s.kind}): ${s.experiments} experiments, ${s.runs} runs, ${s.models} models, ${s.failedRuns} failed`);
    }
    for (const source of found) this.live.follow(folder, source);
    this.knowSources(folder, found);
    const outcome = { summaries, problems };
    this.activity.fire({ folder, state: 'finished', outcome });
    return outcome;
  }

  /** Adds a folder's sources to `modelLedger.runSources` (null: forgets the folder's). */
  private knowSources(folder: vscode.WorkspaceFolder, found: readonly SourceRef[] | null): void {
    const key = folder.uri.toString();
    if (found === null) this.sources.delete(key);
    else this.sources.set(key, new Set([...(this.sources.get(key) ?? []), ...found.map((s) => vscode.Uri.file(s.path).path)]));
    void setContextKey('modelLedger.runSources', this.runSources());
  }

  /** What `modelLedger.runSources` holds: the paths of the URIs of every source imported. */
  runSources(): string[] {
    return [...this.sources.values()].flatMap((paths) => [...paths]);
  }

  /** Imports folders that became importable after the start (trust granted, a folder added); each failure is shown by onWorkspaceOpened. */
  private startInBackground(folders: readonly vscode.WorkspaceFolder[], settingsLoaded: Promise<void> = Promise.resolve()): void {
    // A workspace whose imports wait for a view to be shown pays nothing for a folder without sources at a glance either.
    const wanted = this.opened ? folders : folders.filter((folder) => hasSourceHints(folder.uri.fsPath));
    for (const folder of folders) if (!wanted.includes(folder)) this.waiting.set(folder.uri.toString(), folder);
    if (wanted.length > 0) void settingsLoaded.then(() => this.onWorkspaceOpened(wanted));
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

/**
 * Settles once the settings of folders just added have reached the extension host. They come a
 * moment after the folders (VS Code 1.139): read at once, `modelLedger.sources: "ask"` or "off"
 * in the folder's .vscode/settings.json read as the default, and the folder was imported unasked.
 */
function settingsOf(folders: readonly vscode.WorkspaceFolder[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, FOLDER_SETTINGS_WAIT_MS);
    const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (folders.some((folder) => event.affectsConfiguration('modelLedger', folder))) done();
    });
  });
}
