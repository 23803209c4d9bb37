import * as vscode from 'vscode';
import { needsBackgroundStart } from './activation/backgroundStart';
import { setContextKey } from './contextKeys';
import { commandForwarders, contributedCommands, restoredPanelTypes } from './activation/commandForwarders';
import { lazyApi } from './activation/lazyApi';
import { LazyTree } from './activation/lazyTree';
import type * as FeaturesModule from './features';
import type { Features, ModelLedgerApi } from './features';
import type { TreeNode } from './views/treeNode';
import { EXPERIMENTS_VIEW_ID, GATE_REPORT_SCHEME, GIT_CONTENT_SCHEME, HISTORY_VIEW_ID, MODELS_DRAG_MIME_TYPE, MODELS_VIEW_ID } from './viewIds';

export type { ModelLedgerApi } from './features';

/**
 * How long after activation (which comes after VS Code's start-up), or after a folder is added, a
 * workspace that needs the features without a view loads them (activation/backgroundStart.ts).
 */
const BACKGROUND_START_MS = 2_000;

/**
 * Activated once start-up has finished, or by a command, a restored panel or a shown view. Only
 * registers: the commands, views and panel restorers are stand-ins until the features are needed.
 * The features (dist/features.js: stores, git, yaml, panels, imports, team) load on the first
 * view shown, command run, panel restored or API property read, or in the background in a
 * workspace where they show something without a view (see activation/backgroundStart.ts).
 */
export function activate(context: vscode.ExtensionContext): ModelLedgerApi {
  let features: Features | undefined;
  const openedWith = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString());
  /** Folders whose addition was announced before the features loaded, which they must hear of. */
  let addedFolders: vscode.WorkspaceFolder[] = [];
  const forwarders = commandForwarders(contributedCommands(context.extension.packageJSON), () => load());
  const trees = {
    models: new LazyTree(() => load().trees.models),
    experiments: new LazyTree(() => load().trees.experiments),
    history: new LazyTree(() => load().trees.history),
  };
  const views = {
    models: vscode.window.createTreeView(MODELS_VIEW_ID, {
      treeDataProvider: trees.models,
      showCollapseAll: true,
      dragAndDropController: { dragMimeTypes: [MODELS_DRAG_MIME_TYPE], dropMimeTypes: [], handleDrag: (source, data) => load().api.modelsDrag.handleDrag(source as readonly TreeNode[], data) },
    }),
    experiments: vscode.window.createTreeView(EXPERIMENTS_VIEW_ID, { treeDataProvider: trees.experiments, showCollapseAll: true, canSelectMany: true }),
    history: vscode.window.createTreeView(HISTORY_VIEW_ID, { treeDataProvider: trees.history }),
  };
  /** Set while the features start (a getter they read must not start them again) and after they failed to. */
  let notReady: Error | undefined;
  const load = (): Features => {
    if (features) return features;
    if (notReady) throw notReady;
    notReady = new Error('Model Ledger is still starting.');
    forwarders.dispose();
    try {
      // Required here, synchronously, and only once: this is the one place the heavy bundle loads (scripts/build.mjs keeps it out of this one).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startFeatures } = require('./features') as typeof FeaturesModule;
      features = startFeatures(context, views, { openedWith, addedFolders });
    } catch (error) {
      // Said once; every later need gets the same error rather than a second, half-registered start.
      notReady = new Error(vscode.l10n.t('Model Ledger could not start: {0}', error instanceof Error ? error.message : String(error)));
      void vscode.window.showErrorMessage(notReady.message);
      throw notReady;
    }
    notReady = undefined;
    for (const key of ['models', 'experiments', 'history'] as const) trees[key].attach(features.trees[key]);
    return features;
  };
  context.subscriptions.push(
    forwarders,
    ...Object.values(views),
    ...Object.values(trees),
    ...restoredPanelTypes(context.extension.packageJSON).map((viewType) =>
      vscode.window.registerWebviewPanelSerializer(viewType, {
        deserializeWebviewPanel: (panel, state) => panelRestorer(load(), viewType).deserializeWebviewPanel(panel, state),
      }),
    ),
    // A tab of a version's file or a gate report, restored on reload, asks for its text before anything else may have loaded the features.
    ...[GIT_CONTENT_SCHEME, GATE_REPORT_SCHEME].map((scheme) =>
      vscode.workspace.registerTextDocumentContentProvider(scheme, {
        provideTextDocumentContent: (uri, token) => documentProvider(load(), scheme).provideTextDocumentContent(uri, token),
      }),
    ),
  );
  const paths = (folders: readonly vscode.WorkspaceFolder[]) => folders.map((folder) => folder.uri.fsPath);
  let timer: NodeJS.Timeout | undefined;
  const startSoon = () => {
    clearTimeout(timer);
    // The check itself (a few stat and readdir calls) waits too: activate() does no file system work.
    timer = setTimeout(() => {
      if (features) return;
      const folders = vscode.workspace.workspaceFolders ?? [];
      if (needsBackgroundStart(paths(folders))) return void load();
      // No folder is in a repository: the registry's commands and menus hide, as the features would
      // say, and `git init` (a `.git` appearing) loads them as a folder added would.
      void setContextKey('modelLedger.noGitRepository', folders.length > 0);
      gitInit?.dispose();
      gitInit = vscode.Disposable.from(
        ...folders.map((folder) => {
          const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.git'), false, true, true);
          watcher.onDidCreate(startSoon);
          return watcher;
        }),
      );
    }, BACKGROUND_START_MS);
  };
  let gitInit: vscode.Disposable | undefined;
  startSoon();
  context.subscriptions.push(
    { dispose: () => clearTimeout(timer) },
    { dispose: () => gitInit?.dispose() },
    // The features hear of folders added before they load: those are imported as added ones.
    vscode.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
      if (features) return;
      const gone = new Set(removed.map((folder) => folder.uri.toString()));
      addedFolders = [...addedFolders, ...added].filter((folder) => !gone.has(folder.uri.toString()));
      if (added.length > 0) startSoon();
    }),
  );
  return lazyApi(() => load().api);
}

function panelRestorer(features: Features, viewType: string): vscode.WebviewPanelSerializer {
  const restorer = features.serializers.get(viewType);
  if (!restorer) throw new Error(`Model Ledger has no restorer for the ${viewType} panels package.json names`);
  return restorer;
}

function documentProvider(features: Features, scheme: string): vscode.TextDocumentContentProvider {
  const provider = features.documents.get(scheme);
  if (!provider) throw new Error(`Model Ledger has no provider for ${scheme}: documents`);
  return provider;
}

export function deactivate(): void {}
