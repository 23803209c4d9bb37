import { mergeTimeline, type TimelineEvent } from '../core/history/timeline';
import type { Store } from '../store/store';
import type { Registry } from './registry';

/**
 * The History view's timeline: every model's registry tag events (as of the registry's last
 * scan) and the store's audit log, merged. A folder without a git repository has only its log.
 */
export function readTimeline(registry: Registry | null, store: Store): TimelineEvent[] {
  const tags = registry?.models().flatMap((m) => m.events) ?? [];
  return mergeTimeline(tags, store.audit.list());
}
