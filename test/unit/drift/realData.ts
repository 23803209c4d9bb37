/** Columns of the public vega-datasets files (real data), read with csv-parse, as drift inputs. */

import { parse } from 'csv-parse/sync';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CategoryCounts, WeightedValues } from '../../../src/core/drift/types';
import { PROJECT_ROOT } from '../helpers/temp';

export type Row = Record<string, string>;

export function readVegaCsv(file: string): Row[] {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'vega-datasets', 'data', file), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true }) as Row[];
}

export function numbersOf(rows: Row[], column: string): number[] {
  return rows.map((row) => Number(row[column]));
}

export function weighted(values: number[]): WeightedValues {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  return { values: Float64Array.from(sorted), counts: Float64Array.from(sorted, (value) => counts.get(value) ?? 0) };
}

export function categoryCounts(values: string[]): CategoryCounts {
  const counts: CategoryCounts = new Map();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** The values of a weighted sample, each repeated by its count (what SciPy is given). */
export function expand(values: WeightedValues): number[] {
  const out: number[] = [];
  values.values.forEach((value, i) => {
    for (let k = 0; k < values.counts[i]; k++) out.push(value);
  });
  return out;
}
