import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { locateArtifact } from '../views/runArtifacts';
import type { RunTarget } from './runTargets';

/**
 * "Reveal Artifact": shows the run's artifact in the Explorer; with several, the user picks one
 * (option `path` names it). Returns the file revealed.
 */
export async function revealRunArtifact(target: RunTarget & { runId: string }, options: Record<string, unknown>): Promise<string | undefined> {
  const run = target.store.runs.get(target.runId);
  if (!run) throw new UserError(vscode.l10n.t('No run with id "{0}" in this store.', target.runId));
  const found = target.store.runs
    .artifacts(run.id)
    .map((artifact) => ({ artifact, file: locateArtifact(target.folder.uri.fsPath, target.store, run, artifact) }))
    .filter((a): a is typeof a & { file: string } => a.file !== undefined);
  if (found.length === 0) throw new UserError(vscode.l10n.t('None of the artifacts of run {0} is in this workspace folder.', run.name));
  const wanted = typeof options.path === 'string' ? options.path : typeof options.artifact === 'string' ? options.artifact : undefined;
  let chosen = wanted === undefined ? (found.length === 1 ? found[0] : undefined) : found.find((a) => a.artifact.path === wanted);
  if (wanted !== undefined && !chosen) throw new UserError(vscode.l10n.t('Run {0} has no artifact {1} in this workspace folder.', run.name, wanted));
  if (!chosen) {
    const picked = await vscode.window.showQuickPick(
      found.map((a) => ({ label: a.artifact.path, a })),
      { title: vscode.l10n.t('Reveal Artifact'), placeHolder: vscode.l10n.t('Which artifact of {0}?', run.name) },
    );
    chosen = picked?.a;
  }
  if (!chosen) return undefined;
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(chosen.file));
  return chosen.file;
}
