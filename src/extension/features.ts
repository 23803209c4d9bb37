import * as vscode from 'vscode';
import { RunCodeComparer } from '../git/runCode';
import { parseComparePanelState } from '../protocol/compare';
import { parseDriftPanelState } from '../protocol/drift';
import { parseMonitorPanelState } from '../protocol/monitor';
import { parseRunPanelState } from '../protocol/run';
import { driftEngine } from '../monitor/driftEngine';
import { profileAtRegistration } from '../registry/profiles';
import { importRuns } from './commands/importRuns';
import { registerCommands } from './commands/registerCommands';
import { registerRunCommands } from './commands/runCommands';
import { registerCompareRunsCommand } from './compare/compareRunsCommand';
import { IngestWorkerClient } from './ingest/ingestWorkerClient';
import { ImportProblems } from './ingest/problems';
import { importsOnDemand, type BeforeStart } from './ingest/importsOnDemand';
import { SourceImports } from './ingest/sourceImports';
import { COMPARE_PANEL_VIEW_TYPE, ComparePanels } from './panels/comparePanel';
import { DRIFT_PANEL_VIEW_TYPE, DriftPanels } from './panels/driftPanel';
import { MONITOR_PANEL_VIEW_TYPE, MonitorPanels } from './panels/monitorPanel';
import { BatchWatcher } from './monitor/batchWatcher';
import { MonitoringInputs } from './monitor/monitoringInputs';
import { DataWorkerClient } from './monitor/dataWorkerClient';
import { registerDriftCommands } from './monitor/driftCommands';
import { registerShowMonitoringCommand } from './monitor/showMonitoringCommand';
import { RUN_PANEL_VIEW_TYPE, RunPanels } from './panels/runPanel';
import { GitRepositories } from './registry/gitRepositories';
import { VersionArtifactDrag } from './registry/versionArtifactDrag';
import { RegistryFeature } from './registry/registryFeature';
import { HistoryFeature } from './history/historyFeature';
import { Feedback } from './feedback';
import { HealthFeature } from './health/healthFeature';
import { registryNotice } from './registry/registryNotice';
import { ExperimentsTreeProvider } from './views/experimentsTree';
import { ExperimentsView, registerExperimentsViewCommands } from './views/experimentsView';
import { ModelsTreeProvider } from './views/modelsTree';
import { ImportProgress } from './views/importProgress';
import { registerRunQueryCommands } from './views/runQueryPicker';
import { RunQueryState } from './views/runQueryState';
import type { TreeNode } from './views/treeNode';
import { liveMlflowRunIds } from './staleRuns';
import { WorkspaceStores } from './workspaceStores';
import { EXPERIMENTS_VIEW_ID, GATE_REPORT_SCHEME, GIT_CONTENT_SCHEME, MODELS_VIEW_ID } from './viewIds';
import { errorMessage } from '../core/errors';
import { SavedConnections } from './team/savedConnections';
import { FirstLook } from './firstLook';
import { registerTeamCommands } from './team/teamCommands';
import { TeamFeature } from './team/teamFeature';
import { TeamStatusBar } from './team/teamStatusBar';
import { teamSync } from './team/teamSync';

/** What activate() returns: the extension-host tests drive the extension through it. */
export interface ModelLedgerApi {
  stores: WorkspaceStores;
  experiments: ExperimentsTreeProvider;
  /** The Experiments view itself: its selection and its description (the active sort and filter). */
  experimentsView: vscode.TreeView<TreeNode>;
  /** Whether the Experiments view's selection is runs only (the context key of the run commands' palette entries and keys). */
  runsSelected(): boolean;
  /** The Experiments view's rows selected, as the run and compare commands see them. */
  selection(): readonly TreeNode[];
  /** What the run commands (pin, rename, delete…) last told the user. */
  runFeedback: Feedback;
  models: ModelsTreeProvider;
  runPanels: RunPanels;
  comparePanels: ComparePanels;
  /** Drift reports in editor tabs: `driftPanels.show(report)` opens one, or refreshes the tab of the same data. */
  driftPanels: DriftPanels;
  imports: SourceImports;
  /** The imports running per folder, as the views show them. */
  importProgress: ImportProgress;
  /** Settles when the imports started on activation are done. */
  initialImport: Promise<void>;
  registry: RegistryFeature;
  /** The History view: registry tag events and the audit log as one timeline. */
  history: HistoryFeature;
  /** Versions' health, its alerts, retraining; monitoring and evaluations feed it with health.connect(). */
  health: HealthFeature;
  /** Settles when the git registry has been read after activation (repositories found, tags indexed). */
  registryReady: Promise<void>;
  /** Watches monitor.yaml's batch globs and checks new batches. */
  batchWatcher: BatchWatcher;
  monitorPanels: MonitorPanels;
  /** Dragging versions out of the Models view: their verified artifacts as a file URI list. */
  modelsDrag: VersionArtifactDrag;
  /** Settles when the batch watcher has started (after the registry was read), or right away in an untrusted workspace. */
  monitorReady: Promise<void>;
  /** The team store links: one session per connected folder (Connect Team Store…). */
  team: TeamFeature;
  teamStatusBar: TeamStatusBar;
  /** Settles when the saved team store connections have been started (not synced). */
  teamReady: Promise<void>;
}

/** The tree views extension.ts creates before the features load; the features show their trees in them. */
export interface FeatureViews {
  models: vscode.TreeView<unknown>;
  experiments: vscode.TreeView<unknown>;
  history: vscode.TreeView<unknown>;
}

/** What the features give the light entry: the API, the views' real trees, and the panels' restorers by view type. */
export interface Features {
  api: ModelLedgerApi;
  trees: { models: vscode.TreeDataProvider<unknown>; experiments: vscode.TreeDataProvider<unknown>; history: vscode.TreeDataProvider<unknown> };
  serializers: ReadonlyMap<string, vscode.WebviewPanelSerializer>;
  /** The documents the features provide, by scheme. */
  documents: ReadonlyMap<string, vscode.TextDocumentContentProvider>;
}

/**
 * Every feature of the extension, built on first need (extension.ts loads this bundle then: a view
 * shown, a command run, a panel restored, the API read, or start-up idle in a git repository or a
 * folder with run sources). Stores open when a view first asks, and imports run in a worker
 * thread, at once only where a folder shows run sources at a glance.
 */
export function startFeatures(context: vscode.ExtensionContext, views: FeatureViews, before: BeforeStart): Features {
  const output = vscode.window.createOutputChannel('Model Ledger', { log: true });
  const stores = new WorkspaceStores();
  const runQuery = new RunQueryState(context.workspaceState);
  const worker = new IngestWorkerClient(context.extensionPath, (done) => stores.wrote(done));
  const problems = new ImportProblems(output);
  const imports = new SourceImports(worker, problems, (folder) => liveMlflowRunIds(stores, folder));
  const importProgress = new ImportProgress(imports, [EXPERIMENTS_VIEW_ID, MODELS_VIEW_ID]);
  const experiments = new ExperimentsTreeProvider(stores, importProgress, runQuery);
  const repos = new GitRepositories(output);
  const models = new ModelsTreeProvider(stores, importProgress, (folder) => registryNotice(repos, folder));
  const runFeedback = new Feedback(output);
  const runPanels = new RunPanels({ extensionUri: context.extensionUri, stores, feedback: runFeedback });
  const experimentsView = new ExperimentsView(experiments, runPanels, views.experiments as vscode.TreeView<TreeNode>);
  const team = new TeamFeature({ stores, saved: new SavedConnections(context.secrets), sync: teamSync, output, approvals: context.workspaceState });
  const comparePanels = new ComparePanels({
    extensionUri: context.extensionUri,
    stores,
    comparer: new RunCodeComparer(),
    feedback: runFeedback,
    teamPoints: (folder, request) => team.points(folder, request),
    onDidChangeTeam: team.onDidChangeConnection,
  });
  const driftPanels = new DriftPanels({ extensionUri: context.extensionUri, feedback: runFeedback });
  // Data files are read (profiles, drift checks) in a worker thread of their own.
  const dataWorker = new DataWorkerClient(context.extensionPath);
  const registry = new RegistryFeature({
    stores,
    repos,
    models,
    output,
    profileData: (folder) =>
      profileAtRegistration(folder.uri.fsPath, () => stores.writable(folder), async (file, label) => (await dataWorker.profile(folder.uri.fsPath, file, label, false)).profile),
  });
  const health = new HealthFeature({ stores, models, registry, state: context.workspaceState });
  const history = new HistoryFeature({ stores, imports: importProgress, feedback: registry.feedback, state: context.workspaceState, reviews: registry.reviews, view: views.history });
  const modelsDrag = new VersionArtifactDrag({ registries: registry.registries, feedback: registry.feedback });
  const modelsView = views.models;
  const batchWatcher = new BatchWatcher({ stores, output, check: driftEngine((...args) => dataWorker.checkDrift(...args)) });
  const monitoring = new MonitoringInputs(stores, batchWatcher);
  health.connect(monitoring);
  const monitorPanels = new MonitorPanels({
    extensionUri: context.extensionUri,
    stores,
    watcher: batchWatcher,
    feedback: runFeedback,
    evaluations: (folder, model) => monitoring.evaluationPoints(folder, model),
    openReport: async (report) => void driftPanels.show(report),
  });
  const teamStatusBar = new TeamStatusBar(team);
  const teamLook = new FirstLook([experimentsView.treeView, modelsView]);
  context.subscriptions.push(
    team,
    teamStatusBar,
    ...registerTeamCommands({ team, stores, feedback: runFeedback, firstLook: teamLook.now }),
    stores,
    runQuery,
    experiments,
    experimentsView,
    repos,
    models,
    registry,
    health,
    history,
    runPanels,
    comparePanels,
    driftPanels,
    output,
    worker,
    problems,
    imports,
    importProgress,
    dataWorker,
    batchWatcher,
    monitoring,
    monitorPanels,
    ...registerDriftCommands({ stores, registries: registry.registries, feedback: runFeedback, dataWorker, watcher: batchWatcher, panels: driftPanels, kept: () => monitoring.checked() }),
    registerShowMonitoringCommand({ stores, watcher: batchWatcher, panels: monitorPanels, feedback: runFeedback }),
    vscode.commands.registerCommand('modelLedger.importRuns', (uri?: vscode.Uri) => importRuns(imports, stores, uri)),
    ...registerCommands({ stores, trees: [experiments, models, history.tree], runPanels }),
    ...registerRunQueryCommands(stores, runQuery, { expanded: () => experimentsView.expandedExperiments(), experiments: () => experiments.experimentNodes() }),
    ...registerExperimentsViewCommands(experimentsView),
    ...registerRunCommands({
      stores,
      experiments,
      selection: () => experimentsView.selection,
      feedback: runFeedback,
      edited: (target) => runPanels.keepIfShowing(target.folder.uri.fsPath, target.runIds),
    }),
    registerCompareRunsCommand({ stores, comparePanels, selection: () => experimentsView.selection, feedback: runFeedback }),
  );
  const initialImport = importsOnDemand(imports, stores, [experimentsView.treeView, modelsView], before).catch((error: unknown) => {
    output.error(`Importing run sources failed: ${errorMessage(error)}`);
  });
  // Git work (finding repositories, indexing registry tags) runs after activation returns.
  const registryReady = registry.start();
  // Batches are checked against the version holding each stage: the registry is read first.
  const monitorReady = registryReady.then(() => batchWatcher.start());
  // Saved team store connections start with the first look at runs (a shown view, a restored
  // compare panel, a team command), as imports do: not on every window that merely opens.
  const teamReady = teamLook.seen
    .then(() => team.startSaved())
    .catch((error: unknown) => {
      output.error(`Starting the team store connections failed: ${errorMessage(error)}`);
    });
  const serializers = new Map<string, vscode.WebviewPanelSerializer>([
    [MONITOR_PANEL_VIEW_TYPE, restorer(parseMonitorPanelState, (panel, saved) => monitorPanels.restore(panel, saved))],
    [RUN_PANEL_VIEW_TYPE, restorer(parseRunPanelState, (panel, saved) => runPanels.restore(panel, saved))],
    // A compare panel's teammates' runs zoom from the team store: it counts as a first look at runs.
    [COMPARE_PANEL_VIEW_TYPE, restorer(parseComparePanelState, (panel, saved) => comparePanels.restore(panel, saved), teamLook.now)],
    [DRIFT_PANEL_VIEW_TYPE, restorer(parseDriftPanelState, (panel, saved) => driftPanels.restore(panel, saved.report))],
  ]);
  const api: ModelLedgerApi = {
    stores, experiments, experimentsView: experimentsView.treeView, runsSelected: () => experimentsView.runsSelected, selection: () => experimentsView.selection, runFeedback, models, runPanels,
    comparePanels, driftPanels, imports, importProgress, initialImport, registry, history, health, registryReady, batchWatcher, monitorPanels, monitorReady,
    modelsDrag, team, teamStatusBar, teamReady,
  };
  const documents = new Map<string, vscode.TextDocumentContentProvider>([
    [GIT_CONTENT_SCHEME, registry.gitContent],
    [GATE_REPORT_SCHEME, registry.gateReports],
  ]);
  return { api, trees: { models, experiments, history: history.tree }, serializers, documents };
}

/** A panel restored from its saved state, or closed when the state cannot be read. */
function restorer<S>(parse: (state: unknown) => S | undefined, restore: (panel: vscode.WebviewPanel, saved: S) => void, before?: () => void): vscode.WebviewPanelSerializer {
  return {
    async deserializeWebviewPanel(panel, state) {
      before?.();
      const saved = parse(state);
      if (saved) restore(panel, saved);
      else panel.dispose();
    },
  };
}
