import type { DiagnosticSink } from '../diagnostics';
import { parsePythonJson } from '../../core/pythonJson';
import { readText } from './readText';

/** A DVCLive summary: the latest value of each metric and the step it was logged at. */
export interface MetricsSummary {
  /** Metric key (nested names joined with `/`, as the tsv paths are) → latest value. */
  values: Map<string, number>;
  step: number;
}

/**
 * Reads `metrics.json`. Nested objects become `/`-joined keys (`train/loss`), the top-level
 * `step` is the step, and values that are not numbers (DVCLive 3 also logs strings) are not
 * metric series and are left out. A missing or unreadable file gives an empty summary.
 */
export function readMetricsJson(file: string, diagnostics: DiagnosticSink): MetricsSummary {
  const summary: MetricsSummary = { values: new Map(), step: 0 };
  const text = readText(file, diagnostics);
  if (text === undefined) return summary;
  let json: unknown;
  try {
    json = parsePythonJson(text);
  } catch (error) {
    diagnostics.error(file, `not valid JSON (${(error as Error).message}); skipped`);
    return summary;
  }
  if (!isObject(json)) {
    diagnostics.error(file, 'is not a JSON object; skipped');
    return summary;
  }
  const { step, ...metrics } = json;
  if (typeof step === 'number' && Number.isInteger(step)) summary.step = step;
  collect(metrics, '', summary.values);
  return summary;
}

function collect(object: Record<string, unknown>, prefix: string, into: Map<string, number>): void {
  for (const [name, value] of Object.entries(object)) {
    const key = prefix + name;
    if (typeof value === 'number') into.set(key, value);
    else if (isObject(value)) collect(value, `${key}/`, into);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
