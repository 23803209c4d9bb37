import { UserError } from '../core/errors';
import { formatVersionRef, parseVersionRef, resolveVersionRef } from '../core/versionRef';
import type { DataReference } from '../data/dataReference';
import { trainingDataReference } from '../data/trainingData';
import type { Registry } from './registry';

/** The training data of a version (`churn@v3.1.0`, `churn#prod`, `churn@latest`) as a drift reference. */
export async function versionDataReference(registry: Registry, workspace: string, refText: string): Promise<DataReference> {
  const ref = parseVersionRef(refText);
  await registry.scan();
  const model = registry.model(ref.model);
  if (!model) throw new UserError(`No model named ${ref.model} in the registry.`);
  const version = resolveVersionRef(model, ref);
  const label = ref.kind === 'version' ? formatVersionRef(ref) : `${formatVersionRef(ref)} (${version.version})`;
  const training = (version.metadata?.data ?? []).filter((d) => d.role === 'training');
  return trainingDataReference(workspace, registry.root, label, training);
}
