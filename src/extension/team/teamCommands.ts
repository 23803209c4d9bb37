import * as vscode from 'vscode';
import { isRecord } from '../../common/records';
import { errorMessage } from '../../core/errors';
import { parseTeamUrl, urlWithoutPassword } from '../../team/connectionUrl';
import type { Feedback } from '../feedback';
import { pick } from '../registry/pickers';
import type { WorkspaceStores } from '../workspaceStores';
import type { TeamFeature } from './teamFeature';

export interface TeamCommandsOptions {
  team: TeamFeature;
  stores: WorkspaceStores;
  feedback: Feedback;
}

/** The folder whose store connects or disconnects: the only one, or the user's pick. */
function pickFolder(folders: readonly vscode.WorkspaceFolder[], title: string): Promise<vscode.WorkspaceFolder | undefined> {
  if (folders.length <= 1) return Promise.resolve(folders[0]);
  return pick(
    folders.map((f) => ({ label: f.name, description: f.uri.fsPath, iconPath: vscode.ThemeIcon.Folder, value: f })),
    { title, placeHolder: vscode.l10n.t('Which folder\'s runs?') },
  );
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
  if (!feedback.allowWrite(vscode.l10n.t('Connecting a team store'))) return;
  const given = isRecord(arg) ? arg : {};
  const folders = stores.folders();
  const folder = typeof given.folder === 'string' ? folders.find((f) => f.uri.fsPath === given.folder) : await pickFolder(folders, vscode.l10n.t('Connect Team Store'));
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
  const connected = team.all().map((s) => s.folder);
  const folder = await pickFolder(connected, vscode.l10n.t('Disconnect Team Store'));
  if (!folder) return;
  const url = team.session(folder.uri.fsPath)?.url;
  await team.disconnect(folder);
  void feedback.info(vscode.l10n.t('Disconnected {0} from the team store {1}. Pulled runs stay in the local store.', folder.name, url ?? ''));
}

export function registerTeamCommands(options: TeamCommandsOptions): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('modelLedger.connectTeamStore', (arg?: unknown) => connectTeamStore(options, arg)),
    vscode.commands.registerCommand('modelLedger.disconnectTeamStore', () => disconnectTeamStore(options)),
    vscode.commands.registerCommand('modelLedger.syncTeamStore', async () => {
      await Promise.all(options.team.all().map((s) => s.syncNow()));
    }),
  ];
}
