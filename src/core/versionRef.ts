import { UserError } from './errors';
import { modelNameProblem, stageNameProblem, versionProblem } from './gto';
import type { ModelState, VersionState } from './registryState';

/**
 * A version named the way people name one on a command line: `churn@v3.1.0` (a version),
 * `churn#prod` (whatever holds the stage now, GTO's spelling), `churn@latest` (the greatest
 * registered version that is still active, as MLflow's and W&B's "latest").
 */
export type VersionRef =
  | { model: string; kind: 'version'; version: string }
  | { model: string; kind: 'stage'; stage: string }
  | { model: string; kind: 'latest' };

/** Reads a version reference; a UserError says what is wrong with it. */
export function parseVersionRef(text: string): VersionRef {
  const hash = text.lastIndexOf('#');
  const at = text.lastIndexOf('@');
  const split = Math.max(hash, at);
  if (split <= 0 || split === text.length - 1) {
    throw new UserError(`"${text}" is not a version: write NAME@VERSION (churn@v3.1.0), NAME#STAGE (churn#prod) or NAME@latest.`);
  }
  const model = text.slice(0, split);
  const rest = text.slice(split + 1);
  const modelProblem = modelNameProblem(model);
  if (modelProblem) throw new UserError(modelProblem);
  if (split === hash) {
    const problem = stageNameProblem(rest);
    if (problem) throw new UserError(problem);
    return { model, kind: 'stage', stage: rest };
  }
  if (rest === 'latest') return { model, kind: 'latest' };
  const problem = versionProblem(rest);
  if (problem) throw new UserError(problem);
  return { model, kind: 'version', version: rest };
}

export function formatVersionRef(ref: VersionRef): string {
  switch (ref.kind) {
    case 'version':
      return `${ref.model}@${ref.version}`;
    case 'stage':
      return `${ref.model}#${ref.stage}`;
    case 'latest':
      return `${ref.model}@latest`;
  }
}

/** The version a reference names in the model's current state; a UserError when there is none. */
export function resolveVersionRef(model: ModelState, ref: VersionRef): VersionState {
  const named = (version: string): VersionState | undefined => model.versions.find((v) => v.version === version);
  switch (ref.kind) {
    case 'version': {
      const version = named(ref.version);
      if (!version) throw new UserError(`${model.name} has no version ${ref.version}.`);
      return version;
    }
    case 'stage': {
      const holder = model.stages.find((s) => s.stage === ref.stage);
      const version = holder && named(holder.version);
      if (!version) throw new UserError(`No version of ${model.name} is in ${ref.stage}.`);
      return version;
    }
    case 'latest': {
      // Versions come greatest first.
      const version = model.versions.find((v) => v.registered && v.active);
      if (!version) throw new UserError(`${model.name} has no registered version.`);
      return version;
    }
  }
}
