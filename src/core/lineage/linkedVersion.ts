/** A model version named as `model@version`: what a run says it evaluates or retrains. */
export interface LinkedVersion {
  model: string;
  version: string;
}

/** Longest reference kept: a model name (GTO allows 200 characters) and a version. */
const MAX_REF_LENGTH = 300;

/**
 * Reads `churn@v3.1.0` (a git registry version) or `churn@3` (an MLflow registry version): the
 * model is what comes before the last `@`. Null, with no guess, for anything else: a stage
 * (`churn#prod`) or `latest` names different versions over time, so a link, recorded once,
 * must name the version. Looser than a command line's reference on the version (MLflow's are
 * numbers, not semver), and it never throws: an import reports the value and goes on.
 */
export function parseLinkedVersion(text: string): LinkedVersion | null {
  const ref = text.trim();
  if (ref.length === 0 || ref.length > MAX_REF_LENGTH || /\s/.test(ref)) return null;
  const at = ref.lastIndexOf('@');
  if (at <= 0 || at === ref.length - 1) return null;
  return { model: ref.slice(0, at), version: ref.slice(at + 1) };
}
