import { UserError } from '../core/errors';
import { parseLinkedVersion } from '../core/lineage/linkedVersion';
import type { ModelVersion } from '../core/types';
import type { Store } from '../store/store';
import { printable } from './table';

/** The version a `model@version` argument names, or a UserError saying what to give instead. */
export function requireVersion(store: Store, text: string): ModelVersion & { stages: string[] } {
  const ref = parseLinkedVersion(text);
  if (ref === null) throw new UserError(`"${printable(text)}" is not a model version; name one as MODEL@VERSION, e.g. churn@v3.1.0.`);
  const version = store.models.versions(ref.model).find((v) => v.version === ref.version);
  if (!version) throw new UserError(`No version ${printable(ref.version)} of model "${printable(ref.model)}" in this workspace; "model-ledger models" lists them.`);
  return version;
}
