import * as vscode from 'vscode';
import { errorMessage, UserError } from '../../core/errors';
import { driftReportHtml, driftReportJson, driftReportMarkdown, type DriftReportText } from '../../core/drift/reportExport';
import type { DriftReport } from '../../core/drift/types';
import type { ExportFormat } from '../../protocol/drift';

const FORMATS: Record<ExportFormat, { name: () => string; extension: string; render: (report: DriftReport) => string }> = {
  json: { name: () => vscode.l10n.t('JSON'), extension: 'json', render: driftReportJson },
  markdown: { name: () => vscode.l10n.t('Markdown'), extension: 'md', render: (report) => driftReportMarkdown(report, reportText()) },
  html: { name: () => vscode.l10n.t('HTML'), extension: 'html', render: (report) => driftReportHtml(report, reportText()) },
};

/**
 * "Export" of the drift report panel: the report as a file the user names (JSON, Markdown, or a
 * self-contained HTML page). Says where it went; a failure is thrown as a UserError that names
 * what could not be done (the panel shows and logs it).
 */
export async function exportDriftReport(report: DriftReport, format: ExportFormat): Promise<void> {
  const { name, extension, render } = FORMATS[format];
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export Drift Report'),
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `drift-report.${extension}`) } : {}),
    filters: { [name()]: [extension] },
  });
  if (!uri) return;
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(render(report)));
  } catch (error) {
    throw new UserError(vscode.l10n.t('The drift report could not be saved to {0}: {1}', uri.fsPath, errorMessage(error)), { cause: error });
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('The drift report was saved to {0}.', vscode.workspace.asRelativePath(uri)));
}

/** The exports' words in VS Code's display language. */
function reportText(): DriftReportText {
  return {
    title: vscode.l10n.t('Drift report'),
    datasetDrift: vscode.l10n.t('Dataset drift detected'),
    noDatasetDrift: vscode.l10n.t('No dataset drift'),
    driftedColumns: (drifted, total, share, threshold) => vscode.l10n.t('{0} of {1} columns drifted ({2}); dataset drift from {3}', drifted, total, share, threshold),
    reference: vscode.l10n.t('Reference'),
    current: vscode.l10n.t('Current'),
    rows: (count) => vscode.l10n.t('{0} rows', count.toLocaleString(vscode.env.language)),
    checkedAt: vscode.l10n.t('Checked'),
    estimated: vscode.l10n.t('Figures marked ≈ are estimated from a sample of the reference, not from every row.'),
    findings: vscode.l10n.t('Findings'),
    columns: vscode.l10n.t('Columns by drift score'),
    distributions: vscode.l10n.t('Distributions'),
    column: vscode.l10n.t('Column'),
    kind: vscode.l10n.t('Kind'),
    test: vscode.l10n.t('Test'),
    statistic: vscode.l10n.t('Statistic'),
    pValue: vscode.l10n.t('p-value'),
    threshold: vscode.l10n.t('Threshold'),
    verdict: vscode.l10n.t('Verdict'),
    drift: vscode.l10n.t('Drift'),
    noDrift: vscode.l10n.t('No drift'),
    kinds: { numerical: vscode.l10n.t('numerical'), categorical: vscode.l10n.t('categorical'), boolean: vscode.l10n.t('boolean'), datetime: vscode.l10n.t('datetime'), text: vscode.l10n.t('text') },
    noColumns: vscode.l10n.t('No column was tested.'),
  };
}
