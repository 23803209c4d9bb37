import type { CardFacts } from '../core/governance/cardFacts';
import { checkVerdict } from '../store/driftChecks';
import type { Store } from '../store/store';
import type { Registry } from './registry';

/**
 * What Model Ledger knows about a version, from the registry (its tags, metadata records and
 * annotations) and the store (the source run, data lineage, evaluation runs, drift checks). Call
 * after a scan; a UserError when the model or version does not exist.
 */
export function gatherCardFacts(registry: Registry, store: Store, model: string, version: string): CardFacts {
  const v = registry.version(model, version);
  const state = registry.model(model)!;
  const current = registry.versionMetadata(model, version);
  const annotation = registry.modelAnnotation(model);
  const metadata = v.metadata;
  const metrics = metadata?.metrics ?? {};
  const runId = metadata?.run ?? null;
  const run = runId === null ? null : { id: runId, name: store.runs.get(runId)?.name ?? null };
  const datasets = store.lineage.datasets({ model, version, runId }).map(({ path, sha256, role }) => ({ path, sha256, role }));
  const evaluations = store.lineage.evaluations({ model, version, metrics }).map((e) => ({
    runId: e.run.id,
    runName: e.run.name || null,
    at: e.run.startTime,
    data: e.inputs.map(({ path, sha256 }) => ({ path, sha256 })),
    metrics: e.metrics,
  }));
  return {
    model,
    version,
    description: current.description,
    labels: current.labels,
    modelDescription: annotation.description,
    modelLabels: annotation.labels,
    deprecation: state.deprecated ? { reason: registry.deprecationReason(model) ?? '' } : null,
    deregistered: !v.active,
    registeredAt: v.createdAt,
    registeredBy: v.createdBy,
    commit: v.commit,
    tag: v.tag,
    dirty: metadata?.dirty === true,
    run,
    artifact: metadata?.artifact ? { path: metadata.artifact.path, sha256: metadata.artifact.sha256 } : null,
    metrics,
    stages: v.stages,
    datasets,
    evaluations,
    drift: v.stages.map((stage) => ({ stage, check: latestVerdict(store, model, stage) })),
  };
}

function latestVerdict(store: Store, model: string, stage: string): CardFacts['drift'][number]['check'] {
  const check = store.driftChecks.latest(model, stage);
  return check ? checkVerdict(check) : null;
}
