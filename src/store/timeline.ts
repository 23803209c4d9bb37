import type { Review } from '../core/governance/review';
import { mergeTimeline, type TimelineEvent } from '../core/history/timeline';
import { resolveModel } from '../core/registryState';
import { RegistryIndex } from './registryIndex';
import type { Store } from './store';

/**
 * The History view's timeline of one store: every model's registry tag events as the tag index
 * holds them (brought up to date by the registry's scans), the reviews read from git (by the caller,
 * where git may run) and the audit log, merged. Needs no git call itself, so it reads the same in an
 * untrusted workspace.
 */
export function readTimeline(store: Store, reviews: readonly Review[] = []): TimelineEvent[] {
  const index = new RegistryIndex(store.db);
  const tags = index.models().flatMap((model) => resolveModel(model, index.events(model)).events);
  return mergeTimeline(tags, store.audit.list(), reviews);
}
