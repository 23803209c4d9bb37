import { UserError } from '../errors';
import { parseVersionRef, type VersionRef } from '../versionRef';

/**
 * A version reference as `resolve` reads it: the git registry's (`churn@v3.1.0`, `churn#prod`,
 * `churn@latest`), and an MLflow registry's numbered versions (`churn@3`), which GTO's grammar
 * has no place for. An MLflow alias reads as a stage (`churn#champion`).
 */
export function parseResolveRef(text: string): VersionRef {
  const numbered = /^(.+)@([1-9][0-9]*)$/.exec(text);
  if (numbered) {
    // The name is checked as any reference's would be; only the version's grammar differs.
    const { model } = parseVersionRef(`${numbered[1]!}@latest`);
    return { model, kind: 'version', version: numbered[2]! };
  }
  try {
    return parseVersionRef(text);
  } catch (error) {
    if (error instanceof UserError && /^[^@#]+@[^@#]+$/.test(text)) throw new UserError(`${error.message} An MLflow version is its number: NAME@3.`, { cause: error });
    throw error;
  }
}
