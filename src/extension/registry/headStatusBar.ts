import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { VersionAtCommit } from '../../registry/registry';
import { Disposable } from '../disposable';
import type { FolderRegistries } from './folderRegistries';

/** How many versions the status bar names before it says "+N". */
const SHOWN = 2;

/**
 * The model versions registered at HEAD and their stages, in the status bar
 * (`$(tag) churn-classifier v1.1.0 [prod]`); updated when HEAD or the refs move and after every
 * registry scan; hidden when HEAD has none. Selecting it shows the Models view.
 */
export class HeadStatusBar extends Disposable {
  readonly item = this.register(vscode.window.createStatusBarItem('modelLedger.head', vscode.StatusBarAlignment.Left, 10));
  private generation = 0;

  constructor(
    private readonly registries: FolderRegistries,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.item.name = vscode.l10n.t('Model Ledger: Versions at HEAD');
    this.item.command = { command: 'modelLedger.models.focus', title: vscode.l10n.t('Show Models') };
    this.register(registries.onDidScan(() => void this.update()));
    this.register(registries.repos.onDidChangeRefs(() => void this.update()));
  }

  /** Reads HEAD's versions again; a later call wins over one still running. */
  async update(): Promise<void> {
    const generation = ++this.generation;
    const found: { folder: vscode.WorkspaceFolder; version: VersionAtCommit }[] = [];
    for (const folder of await this.registries.gitFolders()) {
      try {
        const registry = await this.registries.forReading(folder);
        for (const version of (await registry?.atCommit()) ?? []) found.push({ folder, version });
      } catch (error) {
        // A folder whose store or repository cannot be read now shows nothing; the log says why.
        this.log.warn(`Reading the versions at HEAD of ${folder.name} failed: ${errorMessage(error)}`);
      }
    }
    if (generation !== this.generation) return;
    this.show(found);
  }

  private show(found: { folder: vscode.WorkspaceFolder; version: VersionAtCommit }[]): void {
    if (found.length === 0) {
      this.item.text = '';
      this.item.hide();
      return;
    }
    const label = (v: VersionAtCommit) => `${v.model} ${v.version}${v.stages.length ? ` ${v.stages.map((s) => `[${s}]`).join(' ')}` : ''}`;
    const more = found.length > SHOWN ? ` +${found.length - SHOWN}` : '';
    this.item.text = `$(tag) ${found.slice(0, SHOWN).map((f) => label(f.version)).join(', ')}${more}`;
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const tooltip = new vscode.MarkdownString(`${vscode.l10n.t('Model versions at HEAD')}\n\n`, true);
    for (const f of found) tooltip.appendMarkdown('- ').appendText(`${multiRoot ? `${f.folder.name}: ` : ''}${label(f.version)}`).appendMarkdown('\n');
    tooltip.appendMarkdown(`\n${vscode.l10n.t('Select to show the Models view.')}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Model versions at HEAD: {0}', found.map((f) => label(f.version)).join(', ')) };
    this.item.show();
  }
}
