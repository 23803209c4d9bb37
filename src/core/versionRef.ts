/**
 * `model@version`: how a run names the version it relates to (`MODEL_LEDGER_RETRAINS=churn@v3.1.0`,
 * the MLflow tag `model_ledger.retrains`). Split at the last `@`: neither a GTO name nor a
 * version holds one. Names of an MLflow registry may hold spaces, so only what no name holds is refused.
 */
export interface VersionRef {
  model: string;
  version: string;
}

const MAX_REF_LENGTH = 512;

export function formatVersionRef(ref: VersionRef): string {
  return `${ref.model}@${ref.version}`;
}

/** Why `text` is not a `model@version`, as one line; null when it is one. */
export function versionRefProblem(text: string): string | null {
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return `${JSON.stringify(text.slice(0, 80))} is not model@version (for example churn@v3.1.0).`;
  if (text.length > MAX_REF_LENGTH) return `A model@version is at most ${MAX_REF_LENGTH} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return `${JSON.stringify(text.slice(0, 80))} holds control characters; a model@version cannot.`;
  if (text.trim() !== text) return `${JSON.stringify(text.slice(0, 80))} starts or ends with spaces; a model@version cannot.`;
  return null;
}

/** The model and version of `text`; null when it is not a `model@version`. */
export function parseVersionRef(text: string): VersionRef | null {
  if (versionRefProblem(text) !== null) return null;
  const at = text.lastIndexOf('@');
  return { model: text.slice(0, at), version: text.slice(at + 1) };
}
