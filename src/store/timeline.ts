import { mergeTimeline, type TimelineEvent } from '../core/history/timeline';
import { resolveModel } from '../core/registryState';
import { RegistryIndex } from './registryIndex';
import type { Store } from './store';

/**
 * The History view's timeline of one store: every model's registry tag events as the tag index
 * holds them (brought up to date by the registry's scans) and the audit log, merged. Read from the
 * store alone, so it needs no git call and reads the same in an untrusted workspace.
 */
export function readTimeline(store: Store): TimelineEvent[] {
  const index = new RegistryIndex(store.db);
  const tags = index.models().flatMap((model) => resolveModel(model, index.events(model)).events);
  return mergeTimeline(tags, store.audit.list());
}
