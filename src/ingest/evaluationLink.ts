import { parseLinkedVersion, type LinkedVersion } from '../core/lineage/linkedVersion';

/** The tag (MLflow) or param (DVCLive `model_ledger: {evaluates: …}`) naming the version a run evaluates. */
export const EVALUATES_KEY = 'model_ledger.evaluates';

export interface EvaluatesLink {
  ref: LinkedVersion | null;
  /** Why a value was given but not read as a version, for the import's diagnostics. */
  problem: string | null;
}

/** The version a run evaluates, from its tags, else its params. */
export function evaluatesLink(tags: Readonly<Record<string, string>>, params: Readonly<Record<string, string>>): EvaluatesLink {
  const [where, value] = Object.hasOwn(tags, EVALUATES_KEY) ? ['tag', tags[EVALUATES_KEY]!] : Object.hasOwn(params, EVALUATES_KEY) ? ['param', params[EVALUATES_KEY]!] : [null, null];
  if (value === null) return { ref: null, problem: null };
  const ref = parseLinkedVersion(value);
  return ref
    ? { ref, problem: null }
    : { ref: null, problem: `${where} ${EVALUATES_KEY} is ${JSON.stringify(value)}, not a model version (model@version, e.g. churn@v3.1.0); the run is imported without its link` };
}
