import type { MonitorFeature, MonitorStage } from './monitor';

/** A kept check as the panel needs it (the store's DriftCheckSummary is one). */
export interface MonitorCheckInput {
  id: number;
  stage: string;
  batchPath: string;
  checkedAt: number;
  version: string | null;
  rows: number;
  driftShare: number;
  shareThreshold: number;
  datasetDrift: boolean;
  columns: readonly { name: string; test: string; pValue: number | null; threshold: number; score: number | null; drift: boolean }[];
}

/** A stage monitor.yaml watches, as the panel needs it (core's WatchedStage is one). */
export interface MonitorStageInput {
  stage: string;
  rules: { share: number };
  important: readonly string[];
}

/**
 * A model's kept checks as the Monitoring panel draws them: one time series per stage (the drift
 * share per batch against its threshold), and per column that ever drifted its score per batch.
 * Stages watched in monitor.yaml come first, in its order, even before their first batch.
 */
export function monitorStages(checks: readonly MonitorCheckInput[], watched: readonly MonitorStageInput[]): MonitorStage[] {
  const byStage = new Map<string, MonitorCheckInput[]>(watched.map((s) => [s.stage, []]));
  for (const check of checks) byStage.set(check.stage, [...(byStage.get(check.stage) ?? []), check]);
  return [...byStage].map(([stage, stageChecks]) => {
    const config = watched.find((s) => s.stage === stage);
    return {
      stage,
      shareThreshold: stageChecks.at(-1)?.shareThreshold ?? config?.rules.share ?? 0.5,
      batches: stageChecks.map((c) => ({
        checkId: c.id,
        batchPath: c.batchPath,
        checkedAt: c.checkedAt,
        version: c.version,
        rows: c.rows,
        driftShare: c.driftShare,
        datasetDrift: c.datasetDrift,
        drifted: c.columns.filter((col) => col.drift).map((col) => col.name),
      })),
      features: features(stageChecks, new Set(config?.important ?? [])),
    };
  });
}

function features(checks: readonly MonitorCheckInput[], important: ReadonlySet<string>): MonitorFeature[] {
  const drifted = new Set(checks.flatMap((c) => c.columns.filter((col) => col.drift).map((col) => col.name)));
  const result: (MonitorFeature & { worst: number })[] = [];
  for (const column of drifted) {
    const cells = checks.map((c) => c.columns.find((col) => col.name === column) ?? null);
    const latest = [...cells].reverse().find((cell) => cell !== null)!;
    const scores = cells.map((cell) => cell?.score ?? null);
    result.push({
      column,
      test: latest.test,
      scores,
      drift: cells.map((cell) => cell?.drift ?? false),
      // A p-value test's score is 1 - p: it drifts above 1 - threshold.
      threshold: latest.pValue !== null ? 1 - latest.threshold : latest.threshold,
      important: important.has(column),
      worst: Math.max(...scores.map((s) => s ?? -Infinity)),
    });
  }
  return result.sort((a, b) => b.worst - a.worst || (a.column < b.column ? -1 : 1)).map(({ worst: _worst, ...feature }) => feature);
}
