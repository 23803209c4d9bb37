import * as vscode from 'vscode';
import type { RunQueryWords } from '../../core/runQuery';
import type { RunStatus } from '../../core/types';

/** A run status as the user reads it. */
export function runStatusLabel(status: RunStatus): string {
  switch (status) {
    case 'running':
      return vscode.l10n.t('running');
    case 'scheduled':
      return vscode.l10n.t('scheduled');
    case 'finished':
      return vscode.l10n.t('finished');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'killed':
      return vscode.l10n.t('killed');
  }
}

/** The words of the Experiments view's query description, translated. */
export function runQueryWords(): RunQueryWords {
  return {
    startTime: vscode.l10n.t('start time'),
    name: vscode.l10n.t('name'),
    noStatus: vscode.l10n.t('no status'),
    withDeleted: vscode.l10n.t('+ deleted'),
    localOwner: vscode.l10n.t('this workspace'),
    status: runStatusLabel,
  };
}
