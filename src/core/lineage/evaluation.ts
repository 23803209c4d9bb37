import type { DatasetRole } from '../tagMessage';

/** One metric an evaluation shares with the version it evaluates. */
export interface MetricAgainstRegistered {
  key: string;
  /** The version's value when it was registered (its tag's metrics snapshot). */
  registered: number;
  /** The evaluation run's last value; NaN or ±Infinity as logged. */
  value: number;
  /** value − registered; not finite when the value is not. */
  delta: number;
}

/**
 * The metrics an evaluation has in common with the version's registered ones, by key, sorted.
 * Metrics only one side has are left out: there is nothing to compare them with.
 */
export function metricsAgainstRegistered(registered: Readonly<Record<string, number>>, evaluated: ReadonlyMap<string, number>): MetricAgainstRegistered[] {
  const shared: MetricAgainstRegistered[] = [];
  for (const [key, value] of evaluated) {
    if (!Object.hasOwn(registered, key)) continue;
    const before = registered[key]!;
    shared.push({ key, registered: before, value, delta: value - before });
  }
  return shared.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Contexts MLflow users give evaluation data (`mlflow.log_input(…, context="eval")`); anything else trains. */
const EVALUATION_CONTEXTS = new Set(['eval', 'evaluation', 'validation', 'valid', 'val', 'test', 'testing', 'holdout']);

/** The role of a run's input from the context it was logged with: training unless it says evaluation. */
export function roleOfInput(input: { context?: string }): DatasetRole {
  return input.context !== undefined && EVALUATION_CONTEXTS.has(input.context.trim().toLowerCase()) ? 'evaluation' : 'training';
}
