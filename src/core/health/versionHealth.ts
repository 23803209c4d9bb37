import { directionOf } from '../compare/direction';
import type { DriftCheckSummary, Evaluation, HealthInput, HealthReason, HealthState, MetricMargins, VersionHealth } from './types';

/** How bad each state is: a combination shows the worst. */
const SEVERITY: Record<HealthState, number> = { unknown: 0, ok: 1, drift: 2, degraded: 3 };

/**
 * The health of a version in one stage (or in none): `degraded` when its latest evaluation is
 * worse than at registration by more than the margin on some metric, else `drift` when the
 * stage's latest check found dataset drift or drift of an important column, else `ok` when
 * something was checked, else `unknown`.
 */
export function versionHealth(input: HealthInput): VersionHealth {
  const drift = driftReasons(input.latestCheck, input.stage, input.importantColumns);
  const evaluation = latestEvaluation(input.evaluations);
  const degraded = evaluation ? degradedMetrics(input.registeredMetrics, evaluation, input.margins) : [];
  const state: HealthState =
    degraded.length > 0 ? 'degraded' : drift.length > 0 ? 'drift' : input.latestCheck || evaluation ? 'ok' : 'unknown';
  const reasons: HealthReason[] = [...degraded, ...drift];
  if (state === 'unknown') reasons.push({ kind: 'not-checked', stage: input.stage });
  if (input.latestCheck && drift.length === 0) {
    const c = input.latestCheck;
    reasons.push({ kind: 'checked-ok', stage: input.stage, batch: c.batch, driftShare: c.driftShare, checkedAt: c.checkedAt });
  }
  if (evaluation && degraded.length === 0) {
    reasons.push({ kind: 'evaluated-ok', runId: evaluation.runId, at: evaluation.at, metrics: comparableMetrics(input.registeredMetrics, evaluation, input.margins).length });
  }
  const keys = [drift.length > 0 ? `drift:${input.stage ?? ''}:${input.latestCheck!.batch}` : null, degraded.length > 0 ? `degraded:${evaluation!.runId}` : null];
  return { state, reasons, alertKey: keys.some((k) => k !== null) ? keys.filter((k) => k !== null).join('|') : null };
}

/**
 * A version in several stages: the worst state, the reasons of every stage (unhealthy ones first,
 * each once; a stage not checked says so), and the alert keys of the unhealthy ones.
 */
export function combineHealth(healths: readonly VersionHealth[]): VersionHealth {
  if (healths.length === 0) return { state: 'unknown', reasons: [{ kind: 'not-checked', stage: null }], alertKey: null };
  const state = healths.reduce<HealthState>((worst, h) => (SEVERITY[h.state] > SEVERITY[worst] ? h.state : worst), 'unknown');
  // Equal reasons (two stages fed by the same check) are told once.
  const unique = new Map(healths.flatMap((h) => h.reasons).map((r) => [JSON.stringify(r), r]));
  const reasons = [...unique.values()].sort((a, b) => reasonRank(a) - reasonRank(b));
  const keys = healths.map((h) => h.alertKey).filter((k): k is string => k !== null);
  return { state, reasons, alertKey: keys.length > 0 ? keys.join('|') : null };
}

export function isUnhealthy(state: HealthState): boolean {
  return state === 'drift' || state === 'degraded';
}

function reasonRank(reason: HealthReason): number {
  switch (reason.kind) {
    case 'metric-degraded':
      return 0;
    case 'dataset-drift':
      return 1;
    case 'important-column-drift':
      return 2;
    default:
      return 3;
  }
}

function driftReasons(check: DriftCheckSummary | null, stage: string | null, important: readonly string[]): HealthReason[] {
  if (!check) return [];
  const reasons: HealthReason[] = [];
  if (check.datasetDrift) {
    reasons.push({ kind: 'dataset-drift', stage, batch: check.batch, driftShare: check.driftShare, shareThreshold: check.shareThreshold, checkedAt: check.checkedAt });
  }
  const watched = new Set(important);
  for (const column of check.driftedColumns) {
    if (watched.has(column.name)) reasons.push({ kind: 'important-column-drift', stage, batch: check.batch, column: column.name, score: column.score, checkedAt: check.checkedAt });
  }
  return reasons;
}

/** The most recent evaluation (the later run on a tie, by id, so the answer never depends on order). */
function latestEvaluation(evaluations: readonly Evaluation[]): Evaluation | undefined {
  let latest: Evaluation | undefined;
  for (const e of evaluations) {
    if (!latest || e.at > latest.at || (e.at === latest.at && e.runId > latest.runId)) latest = e;
  }
  return latest;
}

interface Comparable {
  metric: string;
  direction: 'lower' | 'higher';
  registered: number;
  evaluated: number;
  margin: number;
}

/** Metrics registered and evaluated, both finite, whose direction is known (else "worse" means nothing). */
function comparableMetrics(registered: Readonly<Record<string, number>>, evaluation: Evaluation, margins: MetricMargins): Comparable[] {
  const out: Comparable[] = [];
  for (const [metric, before] of Object.entries(registered)) {
    if (!Object.hasOwn(evaluation.metrics, metric)) continue;
    const after = evaluation.metrics[metric]!;
    const direction = directionOf(metric, margins.directions ?? {});
    if (!direction || !Number.isFinite(before) || !Number.isFinite(after)) continue;
    const absolute = margins.absolute && Object.hasOwn(margins.absolute, metric) ? margins.absolute[metric]! : undefined;
    out.push({ metric, direction, registered: before, evaluated: after, margin: absolute ?? margins.relative * Math.abs(before) });
  }
  return out;
}

function degradedMetrics(registered: Readonly<Record<string, number>>, evaluation: Evaluation, margins: MetricMargins): HealthReason[] {
  return comparableMetrics(registered, evaluation, margins).flatMap((c) => {
    const worseBy = c.direction === 'lower' ? c.evaluated - c.registered : c.registered - c.evaluated;
    if (!(worseBy > c.margin)) return [];
    return [{ kind: 'metric-degraded' as const, metric: c.metric, direction: c.direction, registered: c.registered, evaluated: c.evaluated, worseBy, margin: c.margin, runId: evaluation.runId, at: evaluation.at }];
  });
}
