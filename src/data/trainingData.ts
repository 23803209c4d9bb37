import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { pathInside } from '../core/pathInside';
import type { TagDataset } from '../core/tagMessage';
import type { DataReference } from './dataReference';
import { profilePath, profilesDir } from './profileFiles';

/**
 * A version's training data as a drift reference: its stored profile, or, in a clone that lacks
 * the profile, the data file itself where the repository (`root`) still has it, checked against
 * the registered sha256 when read. `label` names the version in reports (`churn@v3.1.0`).
 */
export function trainingDataReference(workspace: string, root: string, label: string, datasets: readonly Omit<TagDataset, 'role'>[]): DataReference {
  if (datasets.length === 0) {
    throw new UserError(`${label} records no training data; register it with --data PATH, or check against a file with --reference PATH.`);
  }
  const profiled = datasets.find((d) => d.profile !== null && fs.existsSync(profilePath(workspace, d.profile)));
  if (profiled) return { kind: 'profile', sha256: profiled.profile!, label };
  for (const d of datasets) {
    if (d.sha256 === null) continue;
    const file = path.join(root, d.path);
    if (pathInside(root, file) !== null && fs.existsSync(file) && fs.statSync(file).isFile()) return { kind: 'file', path: file, label, sha256: d.sha256 };
  }
  throw new UserError(
    `The training data of ${label} (${datasets.map((d) => d.path).join(', ')}) has no stored profile in ${profilesDir(workspace)} and is not in the working tree; fetch the profiles with git, or check against a file with --reference PATH.`,
  );
}
