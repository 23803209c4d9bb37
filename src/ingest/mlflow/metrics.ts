import type { UnitCommits } from '../../store/chunkedWrite';
import type { SeriesPoints } from '../../store/metrics';
import { readAppendedLines } from '../appendedLines';
import type { IngestContext } from '../types';
import { relativeToWorkspace } from '../workspacePaths';

/** Points handed to the store at a time, so a 500 MB metric file never sits in memory. */
const BATCH_POINTS = 10_000;
/** Bad lines reported one by one per file and import; the rest are counted in one diagnostic. */
const MAX_LINE_REPORTS = 20;

/**
 * The one batch every metric file is read into (imports are synchronous, one file at a time):
 * 240 kB allocated per file, for 15,000 small files, was a third of a 1,000-run import's time.
 */
const batch: SeriesPoints = { steps: new Float64Array(BATCH_POINTS), timestamps: new Float64Array(BATCH_POINTS), values: new Float64Array(BATCH_POINTS), length: 0 };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const NON_FINITE = /^([+-]?)(nan|inf|infinity)$/i;

export interface MetricLine {
  timestamp: number;
  value: number;
  step: number;
}

/**
 * One line of an MLflow metric file: `<timestamp ms> <value> <step>`. Files from MLflow 0.x have
 * no step (it is 0). MLflow 3 appends identifiers after the step (the run id in a logged model's
 * metrics, then a dataset name and digest), which say nothing about the point and are ignored.
 * Values are Python float reprs, so NaN and infinities are spelled `nan`, `inf`, `-inf`
 * (other writers use `NaN`, `Infinity`): all are kept as the non-finite numbers they name.
 * Returns what is wrong with the line when it is not a metric point.
 */
export function parseMetricLine(text: string): MetricLine | string {
  // MLflow separates fields by one space; split on any whitespace only when that fails.
  const simple = text.split(' ');
  const fields = simple.length >= 2 && simple.length <= 6 && !simple.includes('') ? simple : text.trim().split(/\s+/);
  if (fields[0] === '') return 'empty line';
  if (fields.length < 2 || fields.length > 6) return `expected "timestamp value step", found ${fields.length} field(s)`;
  const [timestamp, value, step = '0'] = fields as [string, string, string?];
  if (!INTEGER.test(timestamp)) return `timestamp "${timestamp}" is not an integer`;
  const parsed = parseMetricValue(value);
  if (parsed === null) return `value "${value}" is not a number`;
  if (!INTEGER.test(step)) return `step "${step}" is not an integer`;
  return { timestamp: Number(timestamp), value: parsed, step: Number(step) };
}

/**
 * The common line — three plain numbers separated by single spaces — parsed into `out` without
 * allocating. Returns false for anything else, which parseMetricLine then reads (or rejects).
 * For lines that come as text; the import's hot loop reads bytes (parsePlainMetricBytes).
 */
export function parsePlainMetricLine(text: string, out: MetricLine): boolean {
  const bytes = Buffer.from(text, 'utf8');
  return parsePlainMetricBytes(bytes, 0, bytes.length, out);
}

/**
 * parsePlainMetricLine on the bytes [start, end) of a line: the hot loop of importing millions
 * of points, with no string made for a line or its numbers (bar a value of 17 digits).
 */
export function parsePlainMetricBytes(bytes: Buffer, start: number, end: number, out: MetricLine): boolean {
  const a = spaceAt(bytes, start, end);
  const b = spaceAt(bytes, a + 1, end);
  if (a === start || b <= a + 1 || b >= end - 1 || spaceAt(bytes, b + 1, end) !== end) return false;
  const timestamp = plainInteger(bytes, start, a);
  const step = plainInteger(bytes, b + 1, end);
  if (timestamp === null || step === null) return false;
  const value = plainDecimal(bytes, a + 1, b);
  if (Number.isNaN(value)) return false;
  out.timestamp = timestamp;
  out.value = value;
  out.step = step;
  return true;
}

/** The first space in bytes[from, end), or `end`. */
function spaceAt(bytes: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end && bytes[i] !== 32) i++;
  return i;
}

/** 10^0 to 10^22: every one exact as a double. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** An optionally signed integer of at most 15 digits (always exact as a double), or null. */
function plainInteger(bytes: Buffer, start: number, end: number): number | null {
  let i = start;
  const negative = bytes[i] === 45;
  if (negative || bytes[i] === 43) i++;
  if (i === end || end - i > 15) return null;
  let n = 0;
  for (; i < end; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

/**
 * The number a field of digits, '.', 'e', 'E', '+' and '-' spells, exactly as Number() reads it
 * (NaN when it is none). A decimal whose digits make an integer under 2^53, scaled by at most
 * 10^22, is that integer times or divided by an exact power of ten: one correctly rounded
 * operation, so the double Number() gives (Clinger's fast path). Other fields go to Number().
 */
function plainDecimal(bytes: Buffer, start: number, end: number): number {
  let i = start;
  const negative = bytes[i] === 45;
  if (negative || bytes[i] === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let fraction = false;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fraction) scale--;
    } else if (c === 46 && !fraction) fraction = true;
    else break;
  }
  if (i < end && (bytes[i] === 101 || bytes[i] === 69) && digits > 0) {
    let j = i + 1;
    const negativeExponent = bytes[j] === 45;
    if (negativeExponent || bytes[j] === 43) j++;
    let exponent = 0;
    const first = j;
    for (; j < end && j - first < 4 && bytes[j]! >= 48 && bytes[j]! <= 57; j++) exponent = exponent * 10 + (bytes[j]! - 48);
    if (j > first) {
      scale += negativeExponent ? -exponent : exponent;
      i = j;
    }
  }
  if (i === end && digits > 0 && mantissa < 2 ** 53 && scale >= -22 && scale <= 22) {
    const magnitude = scale < 0 ? mantissa / EXACT_POWERS_OF_TEN[-scale]! : mantissa * EXACT_POWERS_OF_TEN[scale]!;
    return negative ? -magnitude : magnitude;
  }
  for (let k = start; k < end; k++) {
    const c = bytes[k]!;
    // Digits, '.', 'e', 'E', '+', '-': what Number() reads here is then a plain decimal or NaN.
    if (!((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45)) return Number.NaN;
  }
  return Number(bytes.toString('latin1', start, end));
}

export function parseMetricValue(text: string): number | null {
  if (DECIMAL.test(text)) return Number(text);
  const nonFinite = NON_FINITE.exec(text);
  if (!nonFinite) return null;
  if (nonFinite[2]!.toLowerCase() === 'nan') return Number.NaN;
  return nonFinite[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/**
 * Appends the points written to one metric file since the last import (see readAppendedLines);
 * a file rewritten since then replaces its series. Call inside the run's unit of the import: a
 * long file is read in pieces, each committed with its file position when the chunk is due.
 * A last line without a line break is a point still being written while the run is RUNNING,
 * and is left for the next import; once the run has ended it is a write torn by a killed writer.
 */
export function importMetricFile(ctx: IngestContext, run: { id: string; running: boolean }, metric: { key: string; file: string }, commits: UnitCommits): void {
  const { store, diagnostics } = ctx;
  const scratch: MetricLine = { timestamp: 0, value: 0, step: 0 };
  batch.length = 0;
  const flush = () => {
    if (batch.length > 0) store.metrics.appendSeries(run.id, metric.key, batch);
    batch.length = 0;
  };
  const add = (point: MetricLine) => {
    batch.steps[batch.length] = point.step;
    batch.timestamps[batch.length] = point.timestamp;
    batch.values[batch.length] = point.value;
    batch.length += 1;
    if (batch.length >= BATCH_POINTS) flush();
  };
  let badLines = 0;
  // Each message already ends in "line skipped", as readAppendedLines' own do.
  const reportBadLine = (line: number, message: string) => {
    badLines += 1;
    if (badLines <= MAX_LINE_REPORTS) diagnostics.warning(metric.file, message, line);
  };
  const addParsed = (text: string, line: number) => {
    const point = parseMetricLine(text);
    if (typeof point === 'string') reportBadLine(line, `${point}; line skipped`);
    else add(point);
  };
  const key = `mlflow:${relativeToWorkspace(ctx.workspace, metric.file)}`;
  for (;;) {
    const read = readAppendedLines(store, metric.file, key, {
      onReset: () => store.metrics.deleteSeries(run.id, metric.key),
      // A line the plain parser declines (MLflow 3's trailing ids, nan, a bad line) goes to the full
      // parser once, not back through the plain one as text.
      onLineBytes: (bytes, start, end, line) => {
        if (parsePlainMetricBytes(bytes, start, end, scratch)) add(scratch);
        else addParsed(bytes.toString('utf8', start, end), line);
        return true;
      },
      onLine: (text, line) => {
        if (parsePlainMetricLine(text, scratch)) add(scratch);
        else addParsed(text, line);
      },
      onBadLine: reportBadLine,
      shouldPause: commits.isDue,
    });
    flush();
    if (read.more) {
      commits.commitSoFar();
      continue;
    }
    if (read.pending && !run.running) {
      diagnostics.warning(metric.file, 'last line has no line break (its writer was stopped mid-line); skipped', read.pending.line);
    }
    break;
  }
  if (badLines > MAX_LINE_REPORTS) diagnostics.warning(metric.file, `${badLines - MAX_LINE_REPORTS} more bad lines skipped`);
}
