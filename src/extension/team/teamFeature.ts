import * as vscode from 'vscode';
import { errorMessage, UserError } from '../../core/errors';
import { setContextKey } from '../contextKeys';
import { Disposable } from '../disposable';
import type { WorkspaceStores } from '../workspaceStores';
import type { SavedConnections } from './savedConnections';
import type { TeamErrorKind } from '../../team/teamErrors';
import { teamErrorLabel } from './teamErrorLabels';
import { TeamSession } from './teamSession';
import type { TeamPoints, TeamPointsRequest } from '../compare/teamZoom';
import type { TeamSync } from './teamSync';

export interface TeamFeatureOptions {
  stores: WorkspaceStores;
  saved: SavedConnections;
  sync: TeamSync;
  output: vscode.LogOutputChannel;
  /** Where the folder+URL pairs the user agreed to sync with are remembered (the workspace state). */
  approvals: vscode.Memento;
}

const APPROVED_KEY = 'modelLedger.team.approved';

/**
 * The team store links of the workspace: one session per connected folder, started from what was
 * saved (in a trusted workspace only: syncing writes the store), and the connect and disconnect
 * the commands ask for.
 */
export class TeamFeature extends Disposable {
  private readonly sessions = new Map<string, TeamSession>();
  /** Folder+URL pairs asked about in this window (answered "Not Now", or being asked): not asked again until reload. */
  private readonly asked = new Set<string>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when a session starts, ends or changes state. */
  readonly onDidChange = this.changed.event;
  private readonly connection = this.register(new vscode.EventEmitter<void>());
  /** Fires when a folder connects or disconnects, or its server goes offline or comes back: what failed to load may load now. */
  readonly onDidChangeConnection = this.connection.event;

  constructor(private readonly options: TeamFeatureOptions) {
    super();
    this.register({ dispose: () => this.endAll() });
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.startSaved()));
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        for (const folder of removed) void this.end(folder.uri.fsPath);
        if (added.length > 0) void this.startSaved();
      }),
    );
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        // Turned back on: what was written meanwhile goes up now, not at the next change.
        for (const session of this.sessions.values()) {
          if (event.affectsConfiguration('modelLedger.team.autoPush', session.folder.uri)) session.pushIfAutomatic();
        }
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

  /** Full-resolution points of a pulled run from the folder's team store; undefined at once when the folder is not connected or its server is offline. */
  async points(folderPath: string, request: TeamPointsRequest): Promise<TeamPoints | undefined> {
    const session = this.sessions.get(folderPath);
    if (!session?.online) return undefined;
    return session.read((client) => this.options.sync.points(client, request));
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
      if (!url || !(await this.approve(folder, url))) continue;
      const password = await this.options.saved.password(folder.uri.fsPath, url);
      // Started meanwhile (by a connect, or another startSaved while the password was read).
      if (!this.sessions.has(folder.uri.fsPath)) this.begin(folder, url, password);
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
    await this.options.sync.close(client);
    this.options.stores.writable(folder); // its folder holds team.json
    await this.options.saved.save(folder.uri.fsPath, url, password);
    await this.remember(folder, url); // connected by the user: no question the next time
    return this.begin(folder, url, password);
  }

  /** Stops syncing the folder (a running round is cut off) and forgets its URL and password; its local store keeps every pulled run. */
  async disconnect(folder: vscode.WorkspaceFolder): Promise<void> {
    const url = this.sessions.get(folder.uri.fsPath)?.url;
    await this.end(folder.uri.fsPath);
    if (url) await this.options.saved.forget(folder.uri.fsPath, url);
  }

  /**
   * A team.json may come with a cloned repository: syncing would push every run of the folder to
   * a server the user never chose. The first time per folder and URL, the user says yes.
   */
  private async approve(folder: vscode.WorkspaceFolder, url: string): Promise<boolean> {
    const key = approvalKey(folder, url);
    if (this.options.approvals.get<string[]>(APPROVED_KEY, []).includes(key)) return true;
    if (this.asked.has(key)) return false;
    this.asked.add(key);
    const connect: vscode.MessageItem = { title: vscode.l10n.t('Connect') };
    const notNow: vscode.MessageItem = { title: vscode.l10n.t('Not Now'), isCloseAffordance: true };
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Sync {0} with the team store {1}?', folder.name, url),
      { modal: true, detail: vscode.l10n.t("The folder's .modelledger/team.json names this server. Connecting pushes the folder's runs to it and pulls the team's.") },
      connect,
      notNow,
    );
    if (choice !== connect) return false;
    await this.remember(folder, url);
    return true;
  }

  private async remember(folder: vscode.WorkspaceFolder, url: string): Promise<void> {
    const approved = this.options.approvals.get<string[]>(APPROVED_KEY, []);
    const key = approvalKey(folder, url);
    if (!approved.includes(key)) await this.options.approvals.update(APPROVED_KEY, [...approved, key]);
  }

  /** Starts the folder's session in place of the one it had, which ends. */
  private begin(folder: vscode.WorkspaceFolder, url: string, password: string | undefined): TeamSession {
    const previous = this.sessions.get(folder.uri.fsPath);
    if (previous) void previous.close().then(() => previous.dispose());
    const session = new TeamSession({
      folder,
      url,
      password,
      stores: this.options.stores,
      sync: this.options.sync,
      output: this.options.output,
      autoPush: () => vscode.workspace.getConfiguration('modelLedger.team', folder.uri).get<boolean>('autoPush', true),
      onStopped: (stopped, error) => void this.stopped(stopped, error),
    });
    let online = session.online;
    session.onDidChangeState(() => {
      this.changed.fire();
      if (session.online === online) return;
      online = session.online;
      this.connection.fire();
    });
    this.sessions.set(folder.uri.fsPath, session);
    session.start();
    this.announce();
    return session;
  }

  /** The listener gave up (wrong password, certificate, rights, newer schema): only the user can fix it. */
  private async stopped(session: TeamSession, error: { kind: TeamErrorKind; detail: string }): Promise<void> {
    const reconnect = vscode.l10n.t('Connect Team Store…');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('The team store of {0} stopped syncing: {1}.', session.folder.name, teamErrorLabel(error.kind)),
      { detail: error.detail },
      reconnect,
    );
    if (choice === reconnect) await vscode.commands.executeCommand('modelLedger.connectTeamStore', { folder: session.folder.uri.fsPath });
  }

  private async end(folderPath: string): Promise<void> {
    const session = this.sessions.get(folderPath);
    if (!session) return;
    this.sessions.delete(folderPath);
    this.announce();
    await session.close();
    session.dispose();
  }

  private endAll(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
  }

  private announce(): void {
    void setContextKey('modelLedger.teamConnected', this.sessions.size > 0);
    this.changed.fire();
    this.connection.fire();
  }
}

function approvalKey(folder: vscode.WorkspaceFolder, url: string): string {
  return JSON.stringify([folder.uri.fsPath, url]);
}
