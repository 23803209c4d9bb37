import * as vscode from 'vscode';
import { failedRuleNames } from '../../core/governance/gateResult';
import type { ForceOption, GateRefusal } from '../../registry/registry';
import type { Feedback } from '../feedback';
import type { GateReports } from './gateReports';

/**
 * Tells the user a stage change was refused by its gate: the failed rules in a notification,
 * "Show Details" for the whole report, and "Promote Anyway…" (modal, asking a reason) only where
 * the policy allows an override. Returns at once; the actions run when chosen.
 */
export function tellRefusal(feedback: Feedback, reports: GateReports, refusal: GateRefusal, promoteAnyway: (force: ForceOption) => Promise<void>): void {
  const { result } = refusal;
  const showDetails = vscode.l10n.t('Show Details');
  const anyway = vscode.l10n.t('Promote Anyway…');
  const failed = failedRuleNames(result).join(', ');
  const text = refusal.forceRefused
    ? vscode.l10n.t('{0} {1} was not put in {2}: the policy allows no override of its gate. Failed: {3}.', result.model, result.version, result.stage, failed)
    : refusal.changedSinceForce
      ? vscode.l10n.t('{0} {1} was not put in {2}: its gate changed since you chose to promote anyway. Failed now: {3}.', result.model, result.version, result.stage, failed)
      : vscode.l10n.t('{0} {1} was not put in {2}: its gate failed ({3}).', result.model, result.version, result.stage, failed);
  const actions = result.overridable && !refusal.forceRefused ? [showDetails, anyway] : [showDetails];
  void feedback.warning(text, ...actions).then(async (choice) => {
    try {
      if (choice === showDetails) await reports.open(result);
      if (choice === anyway) {
        const reason = await askReason(result.model, result.version, result.stage, failed);
        // The override answers this refusal: the registry refuses again if the version or the failed rules differ by then.
        if (reason !== undefined) await promoteAnyway({ reason, expected: { version: result.version, failed: failedRuleNames(result) } });
      }
    } catch (error) {
      feedback.error(error);
    }
  });
}

async function askReason(model: string, version: string, stage: string, failed: string): Promise<string | undefined> {
  const go = vscode.l10n.t('Promote Anyway…');
  const sure = await vscode.window.showWarningMessage(
    vscode.l10n.t('Put {0} {1} in {2} although its gate failed?', model, version, stage),
    { modal: true, detail: vscode.l10n.t('Failed: {0}. The override, your reason and the failed rules are recorded in the stage tag and the audit log.', failed) },
    go,
  );
  if (sure !== go) return undefined;
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Promote Anyway'),
    prompt: vscode.l10n.t('Why is {0} {1} going to {2} although its gate failed? (recorded in the stage tag)', model, version, stage),
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Give a reason: it is recorded with the override.') : undefined),
  });
}
