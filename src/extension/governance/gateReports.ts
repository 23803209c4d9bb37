import * as vscode from 'vscode';
import { gateReportMarkdown, gateTitle } from '../../core/governance/gateReport';
import type { GateResult } from '../../core/governance/gateResult';
import { GATE_REPORT_SCHEME } from '../viewIds';

/** Reports kept for the session; a few dozen at most, each a few kilobytes. */
const KEPT = 50;

/**
 * Gate reports as read-only Markdown documents (`model-ledger-gate:`): every rule of a gate with
 * pass or fail and why. Each report is a document of its own, so an older one stays as it was.
 */
export class GateReports implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private next = 1;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.query) ?? vscode.l10n.t('This gate report is no longer kept; check the gate again.');
  }

  /** Opens the report of a gate in an editor (Markdown, read-only). */
  async open(result: GateResult): Promise<vscode.TextEditor> {
    const id = String(this.next++);
    this.reports.set(id, gateReportMarkdown(result));
    if (this.reports.size > KEPT) this.reports.delete(this.reports.keys().next().value!);
    const uri = vscode.Uri.from({ scheme: GATE_REPORT_SCHEME, path: `/Gate ${gateTitle(result).replace(/[/\\]/g, '-')}.md`, query: id });
    const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'markdown');
    return vscode.window.showTextDocument(document, { preview: false });
  }
}
