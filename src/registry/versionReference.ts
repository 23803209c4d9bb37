import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { pathInside } from '../core/pathInside';
import { formatVersionRef, parseVersionRef, resolveVersionRef } from '../core/versionRef';
import type { DataReference } from '../data/dataReference';
import { profilePath, profilesDir } from '../data/profileFiles';
import type { Registry } from './registry';

/**
 * The training data of a version (`churn@v3.1.0`, `churn#prod`, `churn@latest`) as a drift
 * reference: its stored profile, or, in a clone that lacks the profile, the data file itself where
 * the working tree still has it (checked against the registered sha256 when read).
 */
export async function versionDataReference(registry: Registry, workspace: string, refText: string): Promise<DataReference> {
  const ref = parseVersionRef(refText);
  await registry.scan();
  const model = registry.model(ref.model);
  if (!model) throw new UserError(`No model named ${ref.model} in the registry.`);
  const version = resolveVersionRef(model, ref);
  const label = ref.kind === 'version' ? formatVersionRef(ref) : `${formatVersionRef(ref)} (${version.version})`;
  const training = (version.metadata?.data ?? []).filter((d) => d.role === 'training');
  if (training.length === 0) {
    throw new UserError(`${ref.model} ${version.version} records no training data; register it with --data PATH, or check against a file with --reference PATH.`);
  }
  const profiled = training.find((d) => d.profile !== null && fs.existsSync(profilePath(workspace, d.profile)));
  if (profiled) return { kind: 'profile', sha256: profiled.profile!, label };
  for (const d of training) {
    if (d.sha256 === null) continue;
    const file = path.join(registry.root, d.path);
    if (pathInside(registry.root, file) !== null && fs.existsSync(file) && fs.statSync(file).isFile()) return { kind: 'file', path: file, label, sha256: d.sha256 };
  }
  throw new UserError(
    `The training data of ${ref.model} ${version.version} (${training.map((d) => d.path).join(', ')}) has no stored profile in ${profilesDir(workspace)} and is not in the working tree; fetch the profiles with git, or check against a file with --reference PATH.`,
  );
}
