import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFileError, fileErrorCode } from '../../core/fileErrors';
import type { PolicySource } from '../../core/governance/evaluateGate';
import { parsePolicy } from '../../core/governance/parsePolicy';
import { POLICY_FILE } from '../../core/governance/policy';
import { UserError } from '../../core/errors';
import type { GitRepo } from '../../git/repo';

/** The path of a repository's policy.yaml. */
export function policyPath(root: string): string {
  return path.join(root, ...POLICY_FILE.split('/'));
}

/**
 * The repository's policy.yaml as the working tree holds it, parsed against the allowed stages;
 * `parsed` null when there is none. A file that cannot be read is an error at its line 1, which
 * fails every gate as a syntax error would.
 */
export function readPolicy(root: string, stages: readonly string[]): PolicySource {
  const file = policyPath(root);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (fileErrorCode(error) === 'ENOENT') return { file: POLICY_FILE, parsed: null };
    const described = describeFileError(error, file);
    if (described === null) throw error;
    return { file: POLICY_FILE, parsed: { policy: { models: [] }, errors: [{ file: POLICY_FILE, line: 1, column: 1, message: described }] } };
  }
  return { file: POLICY_FILE, parsed: parsePolicy(text, { file: POLICY_FILE, stages }) };
}

/**
 * policy.yaml as commit `ref` holds it (`check --policy-ref origin/main`): CI checking a pushed
 * tag has the version's own commit checked out, whose policy may be older or weakened. A ref
 * without the file is an error, not "no gate".
 */
export async function readPolicyAt(repo: GitRepo, ref: string, stages: readonly string[]): Promise<PolicySource> {
  const file = `${ref}:${POLICY_FILE}`;
  const text = await repo.fileAt(ref, POLICY_FILE);
  if (text === null) throw new UserError(`${ref} has no ${POLICY_FILE}, so it cannot gate this check; give the ref of the branch that holds the policy (--policy-ref origin/main), after fetching it.`);
  return { file, parsed: parsePolicy(text, { file, stages }) };
}
