import * as vscode from 'vscode';
import { isRecord } from '../../common/records';
import { errorMessage, UserError } from '../../core/errors';
import { parseTeamUrl, urlWithoutPassword } from '../../team/connectionUrl';
import type { Feedback } from '../feedback';
import { pickFolder } from '../registry/pickers';
import type { WorkspaceStores } from '../workspaceStores';
import { teamErrorLabel } from './teamErrorLabels';
import type { TeamFeature } from './teamFeature';

export interface TeamCommandsOptions {
  team: TeamFeature;
  stores: WorkspaceStores;
  feedback: Feedback;
  /** A team command counts as a look at runs: the saved connections start. */
  firstLook(): void;
}

/** The folder whose store connects or disconnects: the only one, or the user's pick. */
function pickTeamFolder(folders: readonly vscode.WorkspaceFolder[], title: string): Promise<vscode.WorkspaceFolder | undefined> {
  if (folders.length <= 1) return Promise.resolve(folders[0]);
  return pickFolder(folders, title, vscode.l10n.t('Which folder\'s runs?'));
}

/** The URL box's check, as libpq reads a URL (the message says what is wrong); undefined when fine. */
function urlProblem(value: string): string | undefined {
  try {
    parseTeamUrl(value.trim());
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

/**
 * "Connect Team Store…": the folder (when several), the URL, then the password unless the URL holds
 * one (left empty: PGPASSWORD or ~/.pgpass, as libpq does). The argument `{ url, password?, folder? }`
 * skips the questions (tests, and links from docs).
 */
async function connectTeamStore(options: TeamCommandsOptions, arg: unknown): Promise<void> {
  const { team, stores, feedback } = options;
  options.firstLook();
  if (!feedback.allowWrite(vscode.l10n.t('Connecting a team store'))) return;
  const given = isRecord(arg) ? arg : {};
  const folders = stores.folders();
  const folder = typeof given.folder === 'string' ? folders.find((f) => f.uri.fsPath === given.folder) : await pickTeamFolder(folders, vscode.l10n.t('Connect Team Store'));
  if (!folder) return;
  const title = vscode.l10n.t('Connect Team Store');
  const typed =
    typeof given.url === 'string'
      ? given.url
      : await vscode.window.showInputBox({
          title,
          prompt: vscode.l10n.t('The PostgreSQL URL of the team store. A password in it is kept in the OS keychain, never in the workspace.'),
          placeHolder: 'postgresql://alice@db.example.com:5432/models?sslmode=verify-full',
          value: team.session(folder.uri.fsPath)?.url,
          ignoreFocusOut: true,
          validateInput: urlProblem,
        });
  if (typed === undefined) return;
  const problem = urlProblem(typed);
  if (problem) return void feedback.warning(problem);
  const url = urlWithoutPassword(typed.trim());
  let password = typeof given.password === 'string' ? given.password : parseTeamUrl(typed.trim()).password;
  if (password === undefined && typeof given.url !== 'string') {
    password = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('Password for {0} (leave empty to use PGPASSWORD or ~/.pgpass)', url),
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return;
  }
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Connecting to {0}…', url) }, () =>
      team.connect(folder, url, password || undefined),
    );
  } catch (error) {
    feedback.error(error);
    return;
  }
  void feedback.info(vscode.l10n.t('Connected {0} to the team store {1}: runs sync from now on.', folder.name, url));
}

async function disconnectTeamStore(options: TeamCommandsOptions): Promise<void> {
  const { team, feedback } = options;
  options.firstLook();
  await team.startSaved();
  const connected = team.all().map((s) => s.folder);
  const folder = await pickTeamFolder(connected, vscode.l10n.t('Disconnect Team Store'));
  if (!folder) return;
  const url = team.session(folder.uri.fsPath)?.url;
  await team.disconnect(folder);
  void feedback.info(vscode.l10n.t('Disconnected {0} from the team store {1}. Pulled runs stay in the local store.', folder.name, url ?? ''));
}

/** "Sync with Team Store": every connected folder now, in the window's progress; a round that fails says why. */
async function syncTeamStore(options: TeamCommandsOptions): Promise<void> {
  options.firstLook();
  await options.team.startSaved();
  const sessions = options.team.all();
  if (sessions.length === 0) return void options.feedback.info(vscode.l10n.t('No folder is connected to a team store: run "Connect Team Store…" first.'));
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Syncing with the team store…') }, () =>
    Promise.all(sessions.map((s) => s.syncNow())),
  );
  for (const session of sessions) {
    const { phase, error } = session.state;
    if (phase !== 'offline') continue;
    const why = error ? `${teamErrorLabel(error.kind)}: ${error.detail}` : teamErrorLabel('unreachable');
    options.feedback.error(new UserError(vscode.l10n.t('Could not sync {0} with the team store {1}. {2}', session.folder.name, session.url, why)));
  }
}

export function registerTeamCommands(options: TeamCommandsOptions): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('modelLedger.connectTeamStore', (arg?: unknown) => connectTeamStore(options, arg)),
    vscode.commands.registerCommand('modelLedger.disconnectTeamStore', () => disconnectTeamStore(options)),
    vscode.commands.registerCommand('modelLedger.syncTeamStore', () => syncTeamStore(options)),
  ];
}
