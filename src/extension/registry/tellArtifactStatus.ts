import type { ArtifactStatus } from '../../registry/registry';
import type { RegistryCommandContext } from './commandContext';

/** Says what "Verify Artifact" found, in the words given for each outcome: unchanged as information, anything else as a warning. */
export function tellArtifactStatus(ctx: RegistryCommandContext, status: ArtifactStatus, words: Record<ArtifactStatus, string>): ArtifactStatus {
  if (status === 'ok') void ctx.feedback.info(words.ok);
  else void ctx.feedback.warning(words[status]);
  return status;
}
