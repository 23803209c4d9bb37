import * as vscode from 'vscode';
import { errorMessage, UserError } from '../../core/errors';
import { setContextKey } from '../contextKeys';
import { Disposable } from '../disposable';
import type { WorkspaceStores } from '../workspaceStores';
import type { SavedConnections } from './savedConnections';
import { TeamSession } from './teamSession';
import type { TeamPoints, TeamPointsRequest } from '../compare/teamZoom';
import type { TeamSync } from './teamSync';

export interface TeamFeatureOptions {
  stores: WorkspaceStores;
  saved: SavedConnections;
  sync: TeamSync;
  output: vscode.LogOutputChannel;
}

/**
 * The team store links of the workspace: one session per connected folder, started from what was
 * saved when the window opens (in a trusted workspace only: syncing writes the store), and the
 * connect and disconnect the commands ask for.
 */
export class TeamFeature extends Disposable {
  private readonly sessions = new Map<string, TeamSession>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when a session starts, ends or changes state. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly options: TeamFeatureOptions) {
    super();
    this.register({ dispose: () => this.endAll() });
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.startSaved()));
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(({ removed }) => {
        for (const folder of removed) this.end(folder.uri.fsPath);
      }),
    );
  }

  /** Every session, in folder order. */
  all(): TeamSession[] {
    return [...this.sessions.values()];
  }

  session(folderPath: string): TeamSession | undefined {
    return this.sessions.get(folderPath);
  }

  /** Full-resolution points of a pulled run from the folder's team store; undefined when the folder is not connected. */
  async points(folderPath: string, request: TeamPointsRequest): Promise<TeamPoints | undefined> {
    const session = this.sessions.get(folderPath);
    if (!session) return undefined;
    const client = await session.readConnection();
    try {
      return await this.options.sync.points(client, request);
    } catch (error) {
      session.readFailed();
      throw error;
    }
  }

  /** Starts the saved connections of the workspace's folders (team.json); their passwords come from SecretStorage. */
  async startSaved(): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    for (const folder of this.options.stores.folders()) {
      if (this.sessions.has(folder.uri.fsPath)) continue;
      let url: string | undefined;
      try {
        url = this.options.saved.url(folder.uri.fsPath);
      } catch (error) {
        this.options.output.warn(`Team store of ${folder.name}: ${errorMessage(error)}`);
        continue;
      }
      if (url) this.begin(folder, url, await this.options.saved.password(url));
    }
  }

  /**
   * Checks that the server answers to these credentials, then saves them and starts syncing. A
   * failure says why (wrong password, unreachable, TLS, …) and saves nothing.
   */
  async connect(folder: vscode.WorkspaceFolder, url: string, password: string | undefined): Promise<TeamSession> {
    let client;
    try {
      client = await this.options.sync.open(url, password);
    } catch (error) {
      throw new UserError(vscode.l10n.t('Could not connect to the team store {0}: {1}', url, this.options.sync.explain(error)));
    }
    await client.end();
    this.options.stores.writable(folder); // its folder holds team.json
    await this.options.saved.save(folder.uri.fsPath, url, password);
    this.end(folder.uri.fsPath);
    return this.begin(folder, url, password);
  }

  /** Stops syncing the folder and forgets its URL and password; its local store keeps every pulled run. */
  async disconnect(folder: vscode.WorkspaceFolder): Promise<void> {
    const url = this.sessions.get(folder.uri.fsPath)?.url;
    this.end(folder.uri.fsPath);
    if (url) await this.options.saved.forget(folder.uri.fsPath, url, this.all().some((s) => s.url === url));
  }

  private begin(folder: vscode.WorkspaceFolder, url: string, password: string | undefined): TeamSession {
    const session = new TeamSession({
      folder,
      url,
      password,
      stores: this.options.stores,
      sync: this.options.sync,
      output: this.options.output,
      autoPush: () => vscode.workspace.getConfiguration('modelLedger.team', folder.uri).get<boolean>('autoPush', true),
    });
    session.onDidChangeState(() => this.changed.fire());
    this.sessions.set(folder.uri.fsPath, session);
    session.start();
    this.announce();
    return session;
  }

  private end(folderPath: string): void {
    const session = this.sessions.get(folderPath);
    if (!session) return;
    this.sessions.delete(folderPath);
    session.dispose();
    this.announce();
  }

  private endAll(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
  }

  private announce(): void {
    void setContextKey('modelLedger.teamConnected', this.sessions.size > 0);
    this.changed.fire();
  }
}
