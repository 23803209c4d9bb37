import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { Disposable } from '../disposable';
import type { ModelsTreeProvider } from '../views/modelsTree';
import type { WorkspaceStores } from '../workspaceStores';
import { Feedback } from '../feedback';
import { FolderRegistries } from './folderRegistries';
import { GitContentProvider } from './gitContentProvider';
import { GateReports } from '../governance/gateReports';
import type { GitRepositories } from './gitRepositories';
import { HeadStatusBar } from './headStatusBar';
import type { RegistryCommandContext } from './commandContext';
import { PendingReviews } from './pendingReviews';
import { registerRegistryCommands } from './registryCommands';

export interface RegistryFeatureOptions {
  stores: WorkspaceStores;
  repos: GitRepositories;
  models: ModelsTreeProvider;
  output: vscode.LogOutputChannel;
  /** Profiles the data a registration records (in the data worker). */
  profileData?: RegistryCommandContext['profileData'];
}

/**
 * The git model registry in the editor: its commands, the `model-ledger-git:` documents of code
 * diffs, the status bar at HEAD, and the Models view kept in step with the repository's tags.
 * Construction is cheap; {@link start} does the git work in the background after activation.
 */
export class RegistryFeature extends Disposable {
  readonly registries: FolderRegistries;
  readonly feedback: Feedback;
  readonly statusBar: HeadStatusBar;
  /** The documents of the `model-ledger-git:` and `model-ledger-gate:` schemes; the light entry registers them (extension.ts). */
  readonly gitContent: GitContentProvider;
  readonly gateReports: GateReports;
  /** Review requests not yet answered, shown on the Models view's versions. */
  readonly reviews: PendingReviews;

  constructor(private readonly options: RegistryFeatureOptions) {
    super();
    this.registries = this.register(new FolderRegistries(options.stores, options.repos, options.output));
    this.feedback = new Feedback(options.output);
    this.statusBar = this.register(new HeadStatusBar(this.registries, options.output));
    this.reviews = this.register(new PendingReviews(this.registries, options.output));
    this.register(this.reviews.onDidChangePending(() => options.models.refresh()));
    options.models.usePendingReviews(this.reviews);
    this.register(this.registries.onDidScan(({ result }) => result.problems.forEach((p) => options.output.warn(p))));
    this.register(
      this.registries.onDidScan(({ result, afterWrite }) => {
        if (afterWrite || result.added > 0 || result.removed > 0 || result.changedModels.length > 0) options.models.refresh();
      }),
    );
    this.register(options.repos.onDidDetect(() => options.models.refresh()));
    this.gitContent = new GitContentProvider(options.output);
    this.gateReports = new GateReports();
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.start()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.start()));
    for (const command of registerRegistryCommands({ registries: this.registries, feedback: this.feedback, profileData: options.profileData, gateReports: this.gateReports, reviews: this.reviews })) this.register(command);
  }

  /** Finds the folders' repositories, indexes their registry tags, shows HEAD's versions. */
  async start(): Promise<void> {
    try {
      await this.options.repos.updateContext();
      await this.registries.scanAll();
      await this.statusBar.update();
      await this.reviews.loadAll();
    } catch (error) {
      this.options.output.error(`Reading the git registry failed: ${errorMessage(error)}`);
    }
  }
}
