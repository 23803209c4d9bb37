import { metricCell, type CellValue } from '../../common/cellValues';
import type { CellFormat } from '../../common/cellFormat';

/** What the table knows of a run besides its params, metrics and tags. */
export interface RunFacts {
  id: string;
  name: string;
  experiment: string;
  status: string;
  startTime: number | null;
  endTime: number | null;
  commit: string | null;
  dirty: boolean | null;
}

/** One metric of one run, as the table shows it; bestStep is where min (lower is better) or max was first reached. */
export interface MetricStats {
  count: number;
  last: number;
  min: number | null;
  max: number | null;
  bestStep: number | null;
}

export interface CompareRunInput {
  facts: RunFacts;
  params: Readonly<Record<string, string>>;
  tags: Readonly<Record<string, string>>;
  metrics: ReadonlyMap<string, MetricStats>;
}

export type RowSection = 'run' | 'param' | 'metric' | 'tag';
export const METRIC_FIELDS = ['last', 'min', 'max', 'bestStep'] as const;
export type MetricField = (typeof METRIC_FIELDS)[number];

/** A row before ordering and marking: one cell per run, in the order the runs were given. */
export interface RawRow {
  /** Unique in the table: `param:lr`, `metric:last:val/loss` (the field before the key, as keys may hold colons). */
  id: string;
  section: RowSection;
  key: string;
  field?: MetricField;
  /**
   * Metric rows of a key every run logged once (a final score): its last, min and max are the one
   * value and its best step is that point's, so the table keeps only the `last` row and names it
   * by its key alone.
   */
  loggedOnce?: true;
  format: CellFormat;
  values: CellValue[];
}

/** Every row of the comparison: run facts, params, metric summaries, tags; keys of each section sorted. */
export function collectRows(runs: readonly CompareRunInput[]): RawRow[] {
  const facts = runs.map((r) => r.facts);
  const rows: RawRow[] = [
    fact('status', 'text', facts.map((f) => f.status)),
    fact('experiment', 'text', facts.map((f) => f.experiment)),
    fact('commit', 'text', facts.map((f) => f.commit)),
    fact('dirty', 'text', facts.map((f) => (f.dirty === null ? null : f.dirty ? 'yes' : 'no'))),
    fact('start', 'time', facts.map((f) => f.startTime)),
    fact('duration', 'duration', facts.map((f) => (f.startTime !== null && f.endTime !== null ? f.endTime - f.startTime : null))),
  ];
  for (const key of sortedKeys(runs.map((r) => Object.keys(r.params)))) {
    rows.push({ id: `param:${key}`, section: 'param', key, format: 'text', values: runs.map((r) => ownValue(r.params, key)) });
  }
  for (const key of sortedKeys(runs.map((r) => [...r.metrics.keys()]))) {
    const stats = runs.map((r) => r.metrics.get(key));
    const once = stats.every((s) => s === undefined || s.count === 1);
    for (const field of METRIC_FIELDS) {
      rows.push({
        id: `metric:${field}:${key}`,
        section: 'metric',
        key,
        field,
        ...(once ? { loggedOnce: true as const } : {}),
        format: field === 'bestStep' ? 'step' : 'number',
        values: stats.map((s) => (s === undefined ? null : field === 'last' ? metricCell(s.last) : s[field])),
      });
    }
  }
  for (const key of sortedKeys(runs.map((r) => Object.keys(r.tags)))) {
    rows.push({ id: `tag:${key}`, section: 'tag', key, format: 'text', values: runs.map((r) => ownValue(r.tags, key)) });
  }
  return rows;
}

function fact(key: string, format: CellFormat, values: CellValue[]): RawRow {
  return { id: `run:${key}`, section: 'run', key, format, values };
}

function sortedKeys(keyLists: string[][]): string[] {
  return [...new Set(keyLists.flat())].sort();
}

/** A record's own value only: a param named `constructor` or `__proto__` must not read Object.prototype. */
function ownValue(record: Readonly<Record<string, string>>, key: string): string | null {
  return Object.hasOwn(record, key) ? record[key]! : null;
}
