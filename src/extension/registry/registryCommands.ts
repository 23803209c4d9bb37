import * as vscode from 'vscode';
import { adoptVersionCommand } from './adoptVersionCommand';
import type { RegistryCommandContext } from './commandContext';
import { compareVersionsCommand } from './compareVersionsCommand';
import { deprecateModelCommand, deregisterVersionCommand } from './lifecycleCommands';
import { downloadArtifactCommand } from './downloadArtifactCommand';
import { editDescriptionCommand, editLabelsCommand } from './metadataCommands';
import { openModelCardCommand, updateModelCardFactsCommand } from './modelCardCommands';
import { registerVersionCommand } from './registerVersionCommand';
import { approveReviewCommand, rejectReviewCommand, requestReviewCommand } from './reviewCommands';
import { openArtifactCommand } from './openArtifactCommand';
import { fetchRegistryCommand, pushRegistryCommand } from './shareCommands';
import { compareSourceRunsCommand, showSourceRunCommand } from './sourceRunCommands';
import { stageAtDateCommand } from './stageAtDateCommand';
import { checkGateCommand } from '../governance/checkGateCommand';
import { assignStageCommand, rollbackStageCommand, unassignStageCommand } from './stageCommands';
import { verifyArtifactCommand } from './verifyArtifactCommand';
import { openWorktreeCommand, removeWorktreeCommand } from './worktreeCommands';

type RegistryCommand = (ctx: RegistryCommandContext, arg: unknown) => Promise<unknown>;

/** Every registry command, by id (package.json contributes the same ids). */
export const REGISTRY_COMMANDS: Record<string, RegistryCommand> = {
  'modelLedger.registerVersion': registerVersionCommand,
  'modelLedger.assignStage': assignStageCommand,
  'modelLedger.unassignStage': unassignStageCommand,
  'modelLedger.rollbackStage': rollbackStageCommand,
  'modelLedger.checkGate': checkGateCommand,
  'modelLedger.deprecateModel': deprecateModelCommand,
  'modelLedger.deregisterVersion': deregisterVersionCommand,
  'modelLedger.stageAtDate': stageAtDateCommand,
  'modelLedger.openWorktree': openWorktreeCommand,
  'modelLedger.removeWorktree': removeWorktreeCommand,
  'modelLedger.compareVersions': compareVersionsCommand,
  'modelLedger.verifyArtifact': verifyArtifactCommand,
  'modelLedger.pushRegistry': pushRegistryCommand,
  'modelLedger.fetchRegistry': fetchRegistryCommand,
  // Reviews of a version for a stage, stored in git.
  'modelLedger.requestReview': requestReviewCommand,
  'modelLedger.approveReview': approveReviewCommand,
  'modelLedger.rejectReview': rejectReviewCommand,
  // A version's source run and artifact, whichever registry holds it; adopting an MLflow version.
  'modelLedger.showSourceRun': showSourceRunCommand,
  'modelLedger.compareSourceRuns': compareSourceRunsCommand,
  'modelLedger.openVersionArtifact': openArtifactCommand,
  'modelLedger.adoptVersion': adoptVersionCommand,
  'modelLedger.downloadVersionArtifact': downloadArtifactCommand,
  // Governance: model cards and editable metadata.
  'modelLedger.openModelCard': openModelCardCommand,
  'modelLedger.updateModelCardFacts': updateModelCardFactsCommand,
  'modelLedger.editDescription': editDescriptionCommand,
  'modelLedger.editLabels': editLabelsCommand,
};

/**
 * Registers the registry commands. Each takes a tree row, an Explorer file (register), nothing
 * (the palette: it asks) or a plain object of arguments; it returns what it did, or undefined
 * when the user backed out or it failed, which the user is told.
 */
export function registerRegistryCommands(ctx: RegistryCommandContext): vscode.Disposable[] {
  return Object.entries(REGISTRY_COMMANDS).map(([id, run]) =>
    vscode.commands.registerCommand(id, async (arg: unknown) => {
      try {
        return await run(ctx, arg);
      } catch (error) {
        ctx.feedback.error(error);
        return undefined;
      }
    }),
  );
}
