import type { ModelVersion, Origin } from '../core/types';
import type { Store } from './store';

/** Records a model version (creating the model when new) and its audit entry, in one write. */
export function recordVersion(store: Store, version: ModelVersion, actor: string | null): void {
  store.write(() => {
    store.models.upsertModel({ name: version.model, description: null, createdAt: version.createdAt, origin: version.origin });
    store.models.upsertVersion(version);
    store.audit.append({
      at: version.createdAt,
      actor,
      action: 'version.register',
      target: `${version.model}@${version.version}`,
      after: { runId: version.runId, commit: version.commit, artifact: version.artifact },
    });
  });
}

/** Records a stage assignment and its audit entry, with the holder it replaced. */
export function recordStageAssignment(
  store: Store,
  assignment: { model: string; version: string; stage: string; at: number; actor: string | null; origin: Origin },
): void {
  store.write(() => {
    const before = store.models.versions(assignment.model).find((v) => v.stages.includes(assignment.stage))?.version ?? null;
    store.models.addStageEvent({ ...assignment, action: 'assign' }, assignment.origin);
    store.audit.append({
      at: assignment.at,
      actor: assignment.actor,
      action: 'stage.assign',
      target: `${assignment.model}#${assignment.stage}`,
      before: { version: before },
      after: { version: assignment.version },
    });
  });
}
