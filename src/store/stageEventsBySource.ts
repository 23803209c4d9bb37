import type { Origin, StageEvent } from '../core/types';
import type { Store } from './store';

/**
 * Replaces the stage events one source contributed to a model: those with this origin's source
 * and id are deleted, then `events` are added. An importer that mirrors a registry (MLflow's
 * stages and aliases) calls it on every import, so a re-import leaves the same events, an alias
 * moved in the source moves here too, and events from other sources (git tags) are untouched.
 * Call inside a store write.
 */
export function replaceStageEventsFromSource(store: Store, model: string, origin: Origin, events: readonly StageEvent[]): void {
  store.db
    .prepare('DELETE FROM stage_events WHERE model_name = ? AND origin_source = ? AND origin_id IS ?')
    .run(model, origin.source, origin.id);
  for (const event of events) store.models.addStageEvent(event, origin);
}
