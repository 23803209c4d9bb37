import * as vscode from 'vscode';
import { formatTime } from '../../common/format';
import { Disposable } from '../disposable';
import { teamErrorLabel } from './teamErrorLabels';
import type { TeamFeature } from './teamFeature';
import type { TeamPhase, TeamSession } from './teamSession';

const ICONS: Record<TeamPhase, string> = {
  connecting: 'loading~spin',
  connected: 'cloud',
  syncing: 'sync~spin',
  offline: 'debug-disconnect',
};

/** The worst phase first: one offline folder makes the item say offline. */
const PRECEDENCE: TeamPhase[] = ['offline', 'connecting', 'syncing', 'connected'];

function phaseLabel(phase: TeamPhase): string {
  switch (phase) {
    case 'connecting':
      return vscode.l10n.t('connecting');
    case 'connected':
      return vscode.l10n.t('connected');
    case 'syncing':
      return vscode.l10n.t('syncing');
    case 'offline':
      return vscode.l10n.t('offline');
  }
}

/**
 * The team store's state in the status bar, shown while a folder is connected: connected, syncing
 * or offline (on the warning colour: the local store works alone until the server is back). The
 * tooltip names each folder's server, its state and its last sync; a click syncs now.
 */
export class TeamStatusBar extends Disposable {
  readonly item = this.register(vscode.window.createStatusBarItem('modelLedger.team', vscode.StatusBarAlignment.Left, 10));

  constructor(private readonly team: TeamFeature) {
    super();
    this.item.name = vscode.l10n.t('Model Ledger Team Store');
    this.item.command = 'modelLedger.syncTeamStore';
    this.register(team.onDidChange(() => this.update()));
    this.update();
  }

  /** The phase shown: the worst of the folders'. */
  get phase(): TeamPhase | undefined {
    const phases = new Set(this.team.all().map((s) => s.state.phase));
    return PRECEDENCE.find((p) => phases.has(p));
  }

  private update(): void {
    const phase = this.phase;
    if (!phase) {
      this.item.hide();
      return;
    }
    this.item.text = `$(${ICONS[phase]}) ${vscode.l10n.t('Team')}`;
    this.item.backgroundColor = phase === 'offline' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.color = phase === 'offline' ? new vscode.ThemeColor('statusBarItem.warningForeground') : undefined;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Team store {0}', phaseLabel(phase)) };
    this.item.tooltip = this.tooltip();
    this.item.show();
  }

  private tooltip(): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    for (const session of this.team.all()) appendSession(md, session);
    md.appendMarkdown(`_${vscode.l10n.t('Click to sync now.')}_`);
    return md;
  }
}

/** Every name and message goes through appendText: a server's error text stays text. */
function appendSession(md: vscode.MarkdownString, session: TeamSession): void {
  const { phase, error, lastSync, conflicts, readOnly } = session.state;
  const label = readOnly !== null && phase !== 'offline' ? vscode.l10n.t('{0}, read-only', phaseLabel(phase)) : phaseLabel(phase);
  md.appendMarkdown(`$(${ICONS[phase].replace('~spin', '')}) **`).appendText(session.folder.name).appendMarkdown('** — ').appendText(label).appendMarkdown('\n\n');
  md.appendMarkdown('$(database) ').appendText(session.url).appendMarkdown('\n\n');
  if (error) md.appendMarkdown('$(warning) ').appendText(`${teamErrorLabel(error.kind)}: ${error.detail}`).appendMarkdown('\n\n');
  if (readOnly) md.appendMarkdown('$(lock) ').appendText(vscode.l10n.t('Pull only, no auto-push: {0}', readOnly)).appendMarkdown('\n\n');
  for (const conflict of conflicts) md.appendMarkdown('$(circle-slash) ').appendText(vscode.l10n.t('Not pushed: {0}', conflict)).appendMarkdown('\n\n');
  md.appendMarkdown('$(history) ')
    .appendText(
      lastSync
        ? vscode.l10n.t('Last sync {0}: {1} pushed, {2} pulled', formatTime(lastSync.at), lastSync.pushed, lastSync.pulled)
        : vscode.l10n.t('Not synced yet'),
    )
    .appendMarkdown('\n\n');
}
