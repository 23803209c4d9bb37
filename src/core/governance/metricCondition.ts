/**
 * A threshold on a metric, as policy.yaml writes it: `val/auc >= 0.80` (absolute) or
 * `val/auc >= current + 0.0` (against the version that holds the target stage now).
 */

export const COMPARISONS = ['>=', '<=', '>', '<', '==', '!='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type Threshold = { kind: 'number'; value: number } | { kind: 'current'; offset: number };

export interface MetricCondition {
  /** As written, for messages. */
  text: string;
  metric: string;
  comparison: Comparison;
  threshold: Threshold;
  /** Where it is written (1-based). */
  line: number;
  column: number;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// The metric is everything before the comparison; keys hold `/`, `.`, `-` and `_`, never spaces.
const SHAPE = /^(\S+?)\s*(>=|<=|==|!=|>|<)\s*(.*)$/;
const CURRENT = /^current(?:\s*([+-])\s*(\S+))?$/;

/** The condition, or why it cannot be read (a message saying what to write instead). */
export function parseMetricCondition(text: string, at: { line: number; column: number }): MetricCondition | { problem: string } {
  const trimmed = text.trim();
  const shape = SHAPE.exec(trimmed);
  const example = 'write METRIC OP VALUE, such as "val/auc >= 0.80" or "val/auc >= current + 0.0" (OP one of >=, <=, >, <, ==, !=)';
  if (!shape) return { problem: `"${trimmed}" is not a metric condition; ${example}` };
  const [, metric, comparison, rest] = shape as unknown as [string, string, Comparison, string];
  if (/[<>=!]/.test(metric)) return { problem: `"${trimmed}": the metric name "${metric}" holds a comparison sign; ${example}` };
  const right = rest.trim();
  if (right === '') return { problem: `"${trimmed}" has nothing after "${comparison}"; ${example}` };
  if (NUMBER.test(right)) return { text: trimmed, metric, comparison, threshold: { kind: 'number', value: Number(right) }, ...at };
  const current = CURRENT.exec(right);
  if (current) {
    if (current[1] === undefined) return { text: trimmed, metric, comparison, threshold: { kind: 'current', offset: 0 }, ...at };
    if (!NUMBER.test(current[2]!)) return { problem: `"${trimmed}": "${current[2]}" after "current ${current[1]}" is not a number; write e.g. current + 0.01` };
    const offset = Number(current[2]) * (current[1] === '-' ? -1 : 1);
    return { text: trimmed, metric, comparison, threshold: { kind: 'current', offset }, ...at };
  }
  return { problem: `"${trimmed}": "${right}" is neither a number nor "current" (± a number); ${example}` };
}

/** Whether `value OP threshold` holds; NaN never passes. */
export function compare(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '>=':
      return value >= threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '<':
      return value < threshold;
    case '==':
      return value === threshold;
    case '!=':
      return !Number.isNaN(value) && value !== threshold;
  }
}

export interface ConditionOutcome {
  pass: boolean;
  /** Why, in words: the values compared. */
  detail: string;
}

/**
 * Checks a condition against a version's metrics. `current` is the metrics of the version that
 * holds the stage now (null: the stage is empty, so there is nothing to be worse than).
 */
export function checkCondition(
  condition: MetricCondition,
  metrics: Readonly<Record<string, number>>,
  current: { version: string; metrics: Readonly<Record<string, number>> } | null,
  whose: string,
): ConditionOutcome {
  const { metric, comparison, threshold } = condition;
  if (!Object.hasOwn(metrics, metric)) {
    const known = Object.keys(metrics).sort();
    return { pass: false, detail: `${whose} has no metric "${metric}" (${known.length ? `it has ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}` : 'it has none'})` };
  }
  const value = metrics[metric]!;
  if (threshold.kind === 'number') {
    const pass = compare(value, comparison, threshold.value);
    return { pass, detail: `${metric} = ${formatValue(value)} ${pass ? 'meets' : 'fails'} ${comparison} ${formatValue(threshold.value)}` };
  }
  if (current === null) return { pass: true, detail: `${metric} = ${formatValue(value)}; the stage is empty, so there is no current version to compare with` };
  if (!Object.hasOwn(current.metrics, metric)) return { pass: false, detail: `the current version ${current.version} has no metric "${metric}" to compare with` };
  const bound = current.metrics[metric]! + threshold.offset;
  const pass = compare(value, comparison, bound);
  const offset = threshold.offset === 0 ? '' : ` ${threshold.offset > 0 ? '+' : '-'} ${formatValue(Math.abs(threshold.offset))}`;
  return { pass, detail: `${metric} = ${formatValue(value)} ${pass ? 'meets' : 'fails'} ${comparison} ${formatValue(current.metrics[metric]!)} (${current.version})${offset}` };
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}
