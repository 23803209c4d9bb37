import { currentMetadata, type MetadataRecord } from '../../core/governance/metadataRecord';
import type { ModelState, ResolvedEvent, VersionState } from '../../core/registryState';
import { resolveModel } from '../../core/registryState';
import type { StageEvent } from '../../core/types';
import { RegistryIndex } from '../../store/registryIndex';
import type { Store } from '../../store/store';

/** One change in a model's registry, for its timeline and a version's stage history. */
export interface TimelineEntry {
  action: ResolvedEvent['action'];
  version: string | null;
  stage: string | null;
  at: number;
  actor: string | null;
  /** The git tag that records it; null for registries that are not in git (MLflow, the demo). */
  tag: string | null;
  commit: string | null;
}

/**
 * What the Models view knows about one model beyond its store rows: for a model from the git
 * registry, its resolved state (timeline, dirty flags, tags) from the tag index; for others, the
 * stage events the store holds.
 */
export class ModelFacts {
  private constructor(
    readonly fromGit: boolean,
    private readonly state: ModelState | null,
    private readonly storeEvents: readonly StageEvent[],
    private readonly records: readonly MetadataRecord[] = [],
  ) {}

  static read(store: Store, model: string): ModelFacts {
    const fromGit = store.models.origin(model)?.source === 'git';
    if (!fromGit) return new ModelFacts(false, null, store.models.stageEvents(model));
    const index = new RegistryIndex(store.db);
    const events = index.events(model);
    return new ModelFacts(true, events.length > 0 ? resolveModel(model, events) : null, [], index.metadataRecords(model));
  }

  version(version: string): VersionState | undefined {
    return this.state?.versions.find((v) => v.version === version);
  }

  /** A version's labels now (its latest metadata record's, else its registration's). */
  labels(version: string): string[] {
    const v = this.version(version);
    return currentMetadata(v?.metadata ?? null, this.records.filter((r) => r.version === version)).labels;
  }

  /** Why the model is deprecated; null when it is not, '' when no reason was given. */
  deprecationReason(): string | null {
    if (!this.state?.deprecated) return null;
    return this.state.events.filter((e) => e.action === 'deprecate').pop()?.metadata?.reason ?? '';
  }

  /** Every event, newest first. */
  timeline(): TimelineEntry[] {
    const entries: TimelineEntry[] = this.state
      ? this.state.events.map((e) => ({ action: e.action, version: e.version, stage: e.stage, at: e.at, actor: e.actor, tag: e.tag, commit: e.commit }))
      : this.storeEvents.map((e) => ({ action: e.action, version: e.version, stage: e.stage, at: e.at, actor: e.actor, tag: null, commit: null }));
    return entries.reverse();
  }

  /** A version's assignments and unassignments, newest first. */
  stageHistory(version: string): TimelineEntry[] {
    return this.timeline().filter((e) => e.version === version && (e.action === 'assign' || e.action === 'unassign'));
  }
}
