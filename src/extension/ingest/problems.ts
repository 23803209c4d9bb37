import * as vscode from 'vscode';
import { formatDiagnostic, type Diagnostic } from '../../ingest/diagnostics';
import { Disposable } from '../disposable';

/**
 * Shows what went wrong in run sources: each problem in the Problems panel at its file and line,
 * and a log in the "Model Ledger" output channel.
 */
export class ImportProblems extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('model-ledger'));

  constructor(readonly output: vscode.LogOutputChannel) {
    super();
  }

  /** Replaces the problems of every file under `scope` (a source, or a workspace folder) with `found`. */
  replace(scope: string, found: readonly Diagnostic[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of found) {
      const range = new vscode.Range(Math.max(0, (d.line ?? 1) - 1), 0, Math.max(0, (d.line ?? 1) - 1), Number.MAX_SAFE_INTEGER);
      const diagnostic = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'Model Ledger';
      byFile.set(d.file, [...(byFile.get(d.file) ?? []), diagnostic]);
    }
    this.collection.forEach((uri) => {
      if (isUnder(uri.fsPath, scope) && !byFile.has(uri.fsPath)) this.collection.delete(uri);
    });
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  log(d: Diagnostic): void {
    if (d.severity === 'error') this.output.error(formatDiagnostic(d));
    else this.output.warn(formatDiagnostic(d));
  }
}

function isUnder(file: string, scope: string): boolean {
  return file === scope || file.startsWith(scope.endsWith('/') ? scope : `${scope}/`);
}
