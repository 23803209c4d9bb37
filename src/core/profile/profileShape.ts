import { isRecord } from '../../common/records';
import type { ColumnKind, DataFormat, DataProfile } from './types';

const KINDS: readonly ColumnKind[] = ['numerical', 'categorical', 'boolean', 'datetime', 'text'];
const FORMATS: readonly DataFormat[] = ['csv', 'tsv', 'parquet', 'jsonl'];

/**
 * The profile a parsed JSON value holds, or an Error naming the first field that is not what a
 * profile has (a damaged or hand-edited file, or another file under that name).
 */
export function parseProfile(value: unknown): DataProfile {
  const problem = profileProblem(value);
  if (problem !== null) throw new Error(problem);
  return value as DataProfile;
}

function profileProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'it is not a JSON object';
  if (value.format !== 'model-ledger-profile') return `"format" is ${JSON.stringify(value.format)}, not "model-ledger-profile"`;
  if (value.version !== 1) return `"version" is ${JSON.stringify(value.version)}; this Model Ledger reads version 1`;
  const source = value.source;
  if (!isRecord(source) || typeof source.path !== 'string' || !isSha256(source.sha256) || !isCount(source.bytes) || !FORMATS.includes(source.format as DataFormat)) {
    return '"source" is not {path, sha256, bytes, format}';
  }
  if (!isCount(value.rows)) return '"rows" is not a count';
  if (!Array.isArray(value.columns)) return '"columns" is not a list';
  for (const [i, column] of value.columns.entries()) {
    const problem = columnProblem(column, value.rows);
    if (problem !== null) return `column ${i + 1}: ${problem}`;
  }
  const sample = value.sample;
  if (!isRecord(sample) || !isCount(sample.rows) || typeof sample.exact !== 'boolean' || !Array.isArray(sample.values) || !Array.isArray(sample.columns)) {
    return '"sample" is not {rows, exact, columns, values}';
  }
  if (sample.values.length !== value.columns.length || sample.values.some((cells) => !Array.isArray(cells) || cells.length !== sample.rows)) {
    return `"sample.values" does not hold ${sample.rows} cells for each of the ${value.columns.length} columns`;
  }
  if (!Array.isArray(value.issues) || !value.issues.every((issue) => isRecord(issue) && typeof issue.message === 'string')) return '"issues" is not a list of {row, column, message}';
  return null;
}

function columnProblem(column: unknown, rows: number): string | null {
  if (!isRecord(column) || typeof column.name !== 'string') return 'not an object with a name';
  const name = JSON.stringify(column.name);
  if (!KINDS.includes(column.kind as ColumnKind)) return `${name} has kind ${JSON.stringify(column.kind)}`;
  if (!isCount(column.count) || !isCount(column.nulls) || column.count + column.nulls !== rows) return `${name}: count and nulls do not add up to the ${rows} rows`;
  if (column.unique !== null && !isCount(column.unique)) return `${name}: "unique" is not a count`;
  if (column.numeric !== null && !isNumericSummary(column.numeric)) return `${name}: "numeric" is not a numeric summary`;
  if (column.datetime !== null && !(isRecord(column.datetime) && typeof column.datetime.min === 'string' && typeof column.datetime.max === 'string')) return `${name}: "datetime" is not {min, max}`;
  if (column.valueCounts !== null && !(Array.isArray(column.valueCounts) && column.valueCounts.every(isValueCount))) return `${name}: "valueCounts" is not a list of [value, count]`;
  if (!Array.isArray(column.top) || !column.top.every(isValueCount)) return `${name}: "top" is not a list of [value, count]`;
  return null;
}

function isNumericSummary(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const numbers = ['min', 'max', 'mean', 'std'].every((key) => typeof value[key] === 'number');
  const counts = ['nan', 'posInf', 'negInf'].every((key) => isCount(value[key]));
  const histogram = value.histogram;
  const histogramShape = isRecord(histogram) && Array.isArray(histogram.edges) && Array.isArray(histogram.counts) && histogram.edges.length === histogram.counts.length + 1;
  return numbers && counts && typeof value.integer === 'boolean' && Array.isArray(value.quantiles) && histogramShape;
}

function isValueCount(entry: unknown): boolean {
  return Array.isArray(entry) && entry.length === 2 && (typeof entry[0] === 'number' || typeof entry[0] === 'string') && isCount(entry[1]);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isSha256(value: unknown): boolean {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
