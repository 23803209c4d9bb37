import { inferKind } from './columnKind';
import { IsoDateReader } from './isoDate';
import { PROFILE_QUANTILES, sortedCounts, weightedHistogram, weightedQuantiles, type SortedCounts } from './numericShape';
import { DISTINCT_LIMIT, type Cell, type ColumnKind, type ColumnProfile, type DataIssue, type NumericSummary } from './types';

const TOP_VALUES = 20;
const NO_ROW = -1;

/** A finished column: its profile, its sample cells in the kind's form, and what was wrong. */
export interface FinishedColumn {
  profile: ColumnProfile;
  sample: Cell[];
  issues: DataIssue[];
}

/**
 * One column's running statistics, fed one cell at a time in a single pass: counts, Welford's
 * mean and variance, min/max, and value counts until they pass DISTINCT_LIMIT distinct values
 * (then dropped, so memory stays bounded whatever the file's size). The kind is decided at the
 * end, from what was seen (see inferKind).
 */
export class ColumnAccumulator {
  nulls = 0;
  private finite = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  private integer = true;
  private nan = 0;
  private posInf = 0;
  private negInf = 0;
  private firstNonFiniteRow = NO_ROW;
  private firstNumberRow = NO_ROW;
  private numberCounts: Map<number, number> | null = new Map();

  private texts = 0;
  private textLength = 0;
  private firstTextRow = NO_ROW;
  private textCounts: Map<string, number> | null = new Map();
  /** Every text seen so far is an ISO date; checked once per distinct text while counts are kept. */
  private dateTexts = true;
  private dateMin = Infinity;
  private dateMax = -Infinity;
  private readonly dates = new IsoDateReader();
  private lastDateText: string | null = null;

  constructor(readonly name: string) {}

  /** `row` is 1-based, for the issues that name where something was first seen. */
  add(cell: Cell, row: number): void {
    if (cell === null) this.nulls++;
    else if (typeof cell === 'number') this.addNumber(cell, row);
    else if (typeof cell === 'string') this.addText(cell, row);
    else this.addText(cell ? 'true' : 'false', row);
  }

  private addNumber(x: number, row: number): void {
    if (this.firstNumberRow === NO_ROW) this.firstNumberRow = row;
    if (x !== x || x === Infinity || x === -Infinity) {
      if (x !== x) this.nan++;
      else if (x > 0) this.posInf++;
      else this.negInf++;
      if (this.firstNonFiniteRow === NO_ROW) this.firstNonFiniteRow = row;
      return;
    }
    const n = ++this.finite;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (this.integer && !Number.isInteger(x)) this.integer = false;
    const counts = this.numberCounts;
    if (counts !== null) {
      const count = counts.get(x);
      if (count !== undefined) counts.set(x, count + 1);
      else if (this.roomForDistinct()) counts.set(x, 1);
    }
  }

  private addText(text: string, row: number): void {
    if (this.firstTextRow === NO_ROW) this.firstTextRow = row;
    this.texts++;
    this.textLength += text.length;
    const counts = this.textCounts;
    if (counts !== null) {
      const count = counts.get(text);
      if (count !== undefined) {
        counts.set(text, count + 1);
        return;
      }
      if (this.roomForDistinct()) counts.set(text, 1);
    }
    // A new distinct text, or any text once counts are dropped.
    if (this.dateTexts) this.checkDate(text);
  }

  private checkDate(text: string): void {
    // Timestamps often repeat in runs (sorted data at minute resolution): read each run once.
    if (text === this.lastDateText) return;
    this.lastDateText = text;
    const millis = this.dates.millis(text);
    if (millis !== millis) {
      this.dateTexts = false;
      return;
    }
    if (millis < this.dateMin) this.dateMin = millis;
    if (millis > this.dateMax) this.dateMax = millis;
  }

  /** Whether one more distinct value may be counted; drops every count when not. */
  private roomForDistinct(): boolean {
    if (this.numberCounts !== null && this.textCounts !== null && this.numberCounts.size + this.textCounts.size < DISTINCT_LIMIT) return true;
    this.numberCounts = null;
    this.textCounts = null;
    return false;
  }

  /** The column's profile; `sample` is its cells of the profile's sample, as they were added. */
  finish(sample: readonly Cell[]): FinishedColumn {
    const numbers = this.finite + this.nan + this.posInf + this.negInf;
    const count = numbers + this.texts;
    const textValueCounts = this.textCounts && this.numberCounts && mergedTextCounts(this.textCounts, this.numberCounts);
    const kind = inferKind({
      numbers,
      texts: this.texts,
      distinctTexts: textValueCounts ? textValueCounts.size : null,
      textLength: this.textLength,
      booleanTexts: textValueCounts !== null && [...textValueCounts.keys()].every(isBooleanText),
      dateTexts: this.dateTexts,
    });
    const issues = this.issues(count, kind);
    const sampleCells = sample.map((cell) => sampleCell(cell, kind));
    const base = { name: this.name, kind, count, nulls: this.nulls, numeric: null, datetime: null };
    if (kind === 'numerical') {
      const valueCounts = this.numberCounts && byCount([...this.numberCounts], (a, b) => a - b);
      return {
        profile: { ...base, unique: valueCounts && valueCounts.length, numeric: this.numericSummary(valueCounts, sample), valueCounts, top: topOf(valueCounts, sampleCells) },
        sample: sampleCells,
        issues,
      };
    }
    const counted = textValueCounts && (kind === 'boolean' ? lowerCased(textValueCounts) : textValueCounts);
    const valueCounts = counted && byCount([...counted], (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const datetime = kind === 'datetime' && this.dateMin <= this.dateMax ? { min: new Date(this.dateMin).toISOString(), max: new Date(this.dateMax).toISOString() } : null;
    return { profile: { ...base, unique: valueCounts && valueCounts.length, datetime, valueCounts, top: topOf(valueCounts, sampleCells) }, sample: sampleCells, issues };
  }

  private numericSummary(valueCounts: [number, number][] | null, sample: readonly Cell[]): NumericSummary | null {
    if (this.finite === 0) return null;
    const data: SortedCounts = valueCounts ? sortedOf(valueCounts) : sortedCounts(sample.filter(isFiniteNumber));
    return {
      min: this.min,
      max: this.max,
      mean: this.mean,
      // pandas gives NaN for one value, which JSON cannot hold: 0, the spread of one value.
      std: this.finite > 1 ? Math.sqrt(this.m2 / (this.finite - 1)) : 0,
      integer: this.integer,
      quantiles: weightedQuantiles(data, PROFILE_QUANTILES),
      histogram: weightedHistogram(data, this.min, this.max),
      nan: this.nan,
      posInf: this.posInf,
      negInf: this.negInf,
    };
  }

  private issues(count: number, kind: ColumnKind): DataIssue[] {
    const issues: DataIssue[] = [];
    const at = (row: number, message: string) => issues.push({ row: row === NO_ROW ? null : row, column: this.name, message });
    if (count === 0) at(NO_ROW, 'every cell is empty: the column has no value to profile or test');
    const nonFinite = this.nan + this.posInf + this.negInf;
    if (nonFinite > 0) {
      const what = this.finite === 0 ? 'no finite number, so no min/max/mean/std' : 'counted apart, outside min/max/mean/std, quantiles and histogram';
      at(this.firstNonFiniteRow, `${this.nan} NaN, ${this.posInf} +inf and ${this.negInf} -inf cells (the first at this row): ${what}`);
    }
    if (kind !== 'numerical' && this.firstNumberRow !== NO_ROW) {
      const [first, which] = this.firstNumberRow < this.firstTextRow ? [this.firstTextRow, 'text'] : [this.firstNumberRow, 'number'];
      at(first, `numbers and texts mixed (the first ${which} at this row): the column is profiled as ${kind}, its numbers as text`);
    }
    return issues;
  }
}

function isFiniteNumber(cell: Cell): cell is number {
  return typeof cell === 'number' && Number.isFinite(cell);
}

function isBooleanText(text: string): boolean {
  const lower = text.toLowerCase();
  return lower === 'true' || lower === 'false';
}

/** Text and number counts as one map of texts (a mixed column's numbers by their shortest form). */
function mergedTextCounts(texts: Map<string, number>, numbers: Map<number, number>): Map<string, number> {
  if (numbers.size === 0) return texts;
  const merged = new Map(texts);
  for (const [value, count] of numbers) merged.set(String(value), (merged.get(String(value)) ?? 0) + count);
  return merged;
}

function lowerCased(counts: Map<string, number>): Map<string, number> {
  const lower = new Map<string, number>();
  for (const [value, count] of counts) lower.set(value.toLowerCase(), (lower.get(value.toLowerCase()) ?? 0) + count);
  return lower;
}

/** Most frequent first; ties by value, so the order (and the profile's bytes) never depends on reading order. */
function byCount<V>(entries: [V, number][], compare: (a: V, b: V) => number): [V, number][] {
  return entries.sort((a, b) => b[1] - a[1] || compare(a[0], b[0]));
}

function sortedOf(valueCounts: [number, number][]): SortedCounts {
  const sorted = [...valueCounts].sort((a, b) => a[0] - b[0]);
  return { values: sorted.map(([value]) => value), counts: sorted.map(([, count]) => count) };
}

/** The most frequent values: of every value when counted, else of the sample. */
function topOf(valueCounts: [number | string, number][] | null, sample: readonly Cell[]): [string, number][] {
  if (valueCounts) return valueCounts.slice(0, TOP_VALUES).map(([value, count]) => [String(value), count]);
  const counts = new Map<string, number>();
  for (const cell of sample) if (cell !== null) counts.set(String(cell), (counts.get(String(cell)) ?? 0) + 1);
  return byCount([...counts], (a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, TOP_VALUES);
}

/**
 * A sample cell in its column's form: numbers in a numerical column (NaN and ±Infinity as the
 * texts "NaN", "inf", "-inf", which JSON can hold and textCell reads back), true/false in a
 * boolean one, text in the others.
 */
function sampleCell(cell: Cell, kind: ColumnKind): Cell {
  if (cell === null) return null;
  if (kind === 'numerical') return Number.isFinite(cell) ? cell : cell !== cell ? 'NaN' : (cell as number) > 0 ? 'inf' : '-inf';
  if (kind === 'boolean') return typeof cell === 'boolean' ? cell : String(cell).toLowerCase() === 'true';
  return String(cell);
}
