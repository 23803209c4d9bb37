import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharesOf } from '../src/common/driftColumns';
import type { ColumnDrift, DriftFinding, DriftReport } from '../src/core/drift/types';

/**
 * Drift reports for the report panel's tests, made from real data: Seattle's daily weather
 * (vega-datasets, 1,461 days of 2012–2015) split where the world moved on, 2012–2013 as the
 * reference and 2014–2015 as the current data. The figures are simple, honest computations (a
 * two-sample Kolmogorov–Smirnov statistic with its asymptotic p-value, a Jensen–Shannon distance),
 * not the drift engine's: the panel is tested on what it draws, not on the statistics.
 * Distributions are each side's shares, as the drift check gives them.
 */

const SEATTLE = path.join(__dirname, '..', '..', 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const NUMERICAL = ['precipitation', 'temp_max', 'temp_min', 'wind'] as const;
const HISTOGRAM_BINS = 20;
const KS_P_THRESHOLD = 0.05;
const JS_THRESHOLD = 0.1;
const SHARE_THRESHOLD = 0.5;

export interface SeattleReportOptions {
  /**
   * Adds each column lagged by 1…lags days (yesterday's wind, …) as a feature of its own: five
   * more columns per lag, so 9 lags make the 50 columns of `drift.report_open`.
   */
  lags?: number;
  /** The reference is every nth day only, as a profile's sample: its columns are marked estimated. */
  referenceEvery?: number;
  /** Columns the current data lacks: findings, not tested. */
  dropFromCurrent?: string[];
  /** A column's name as the report gives it (to test hostile names). */
  rename?: Record<string, string>;
  checkedAt?: number;
}

type Row = Record<string, string>;

/** The weather's rows of each side: the first two years, and the last two. */
export function seattleHalves(): { reference: Row[]; current: Row[] } {
  const rows = parse(fs.readFileSync(SEATTLE, 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
  return { reference: rows.filter((r) => r.date! < '2014'), current: rows.filter((r) => r.date! >= '2014') };
}

export function seattleDriftReport(options: SeattleReportOptions = {}): DriftReport {
  const halves = seattleHalves();
  const every = options.referenceEvery ?? 1;
  const reference = halves.reference.filter((_, i) => i % every === 0);
  const current = halves.current;
  const estimated = every > 1;
  const name = (column: string) => options.rename?.[column] ?? column;
  const dropped = new Set(options.dropFromCurrent ?? []);

  const features: { column: string; lag: number }[] = [];
  for (let lag = 0; lag <= (options.lags ?? 0); lag++) for (const column of [...NUMERICAL, 'weather']) features.push({ column, lag });
  const featureName = (f: { column: string; lag: number }) => name(f.lag === 0 ? f.column : `${f.column}_lag${f.lag}`);

  const findings: DriftFinding[] = [];
  const columns: ColumnDrift[] = [];
  for (const feature of features) {
    const label = featureName(feature);
    if (dropped.has(label)) {
      findings.push({ kind: 'missing-in-current', column: label, message: `Column ${label} is in the reference but not in the current data.` });
      continue;
    }
    const ref = lagged(reference, feature.column, feature.lag);
    const cur = lagged(current, feature.column, feature.lag);
    if (feature.column === 'weather') {
      columns.push({ ...categoryDrift(label, ref, cur), estimated });
      const known = new Set(ref);
      const fresh = [...new Set(cur)].filter((c) => !known.has(c));
      if (fresh.length > 0) findings.push({ kind: 'new-categories', column: label, message: `New in the current data: ${fresh.join(', ')}.` });
    } else {
      columns.push({ ...numericalDrift(label, ref.map(Number), cur.map(Number)), estimated });
    }
  }
  const dates = (rows: Row[]) => `${rows[0]!.date} … ${rows.at(-1)!.date}`;
  findings.push({ kind: 'datetime-range', column: name('date'), message: `Reference ${dates(reference)}; current ${dates(current)}.` });

  const drifted = columns.filter((c) => c.drift).length;
  const driftShare = columns.length === 0 ? 0 : drifted / columns.length;
  return {
    format: 'model-ledger-drift',
    version: 1,
    reference: { label: estimated ? `seattle-weather.csv 2012–2013 (every ${every}th day)` : 'seattle-weather.csv 2012–2013', sha256: sha256(reference) },
    current: { label: 'seattle-weather.csv 2014–2015', sha256: sha256(current) },
    rows: { reference: reference.length, current: current.length },
    columns,
    driftShare,
    shareThreshold: SHARE_THRESHOLD,
    datasetDrift: driftShare >= SHARE_THRESHOLD,
    findings,
    checkedAt: options.checkedAt ?? Date.now(),
  };
}

/** A column's values `lag` days back: the first `lag` days of a side have none and are left out. */
function lagged(rows: Row[], column: string, lag: number): string[] {
  return rows.slice(0, rows.length - lag).map((r) => r[column]!);
}

function numericalDrift(name: string, ref: number[], cur: number[]): Omit<ColumnDrift, 'estimated'> {
  const statistic = ksStatistic(ref, cur);
  const pValue = ksPValue(statistic, ref.length, cur.length);
  const lo = Math.min(...ref, ...cur);
  const hi = Math.max(...ref, ...cur);
  const width = (hi - lo) / HISTOGRAM_BINS || 1;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => lo + i * width);
  const bin = (values: number[]) => {
    const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
    for (const v of values) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((v - lo) / width))]!++;
    return sharesOf(counts);
  };
  return {
    name, kind: 'numerical', test: 'ks', statistic, pValue, threshold: KS_P_THRESHOLD, drift: pValue < KS_P_THRESHOLD, score: 1 - pValue,
    distribution: { kind: 'histogram', edges, reference: bin(ref), current: bin(cur) },
  };
}

/** The largest gap between the two empirical distribution functions. */
function ksStatistic(a: number[], b: number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let gap = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    gap = Math.max(gap, Math.abs(i / x.length - j / y.length));
  }
  return gap;
}

/** Kolmogorov's asymptotic distribution, with Stephens' small-sample correction. */
function ksPValue(d: number, n: number, m: number): number {
  const en = Math.sqrt((n * m) / (n + m));
  const lambda = (en + 0.12 + 0.11 / en) * d;
  let sum = 0;
  for (let k = 1; k <= 100; k++) sum += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
  return Math.min(1, Math.max(0, sum));
}

function categoryDrift(name: string, ref: string[], cur: string[]): Omit<ColumnDrift, 'estimated'> {
  const count = (values: string[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>());
  const refCounts = count(ref);
  const curCounts = count(cur);
  // The reference's most frequent first, then what only the current data has.
  const categories = [...new Set([...[...refCounts].sort((a, b) => b[1] - a[1]).map(([c]) => c), ...curCounts.keys()])];
  const reference = categories.map((c) => refCounts.get(c) ?? 0);
  const current = categories.map((c) => curCounts.get(c) ?? 0);
  const statistic = jensenShannon(reference, current);
  return {
    name, kind: 'categorical', test: 'jensenshannon', statistic, pValue: null, threshold: JS_THRESHOLD, drift: statistic >= JS_THRESHOLD, score: statistic,
    distribution: { kind: 'categories', categories, reference: sharesOf(reference), current: sharesOf(current) },
  };
}

/** Jensen–Shannon distance (natural log) of two count vectors, empty categories filled with 0.0001 first. */
function jensenShannon(a: number[], b: number[]): number {
  const shares = (counts: number[]) => {
    const filled = counts.map((c) => c || 0.0001);
    const total = filled.reduce((s, c) => s + c, 0);
    return filled.map((c) => c / total);
  };
  const p = shares(a);
  const q = shares(b);
  const kl = (x: number[], m: number[]) => x.reduce((s, xi, i) => s + xi * Math.log(xi / m[i]!), 0);
  const m = p.map((pi, i) => (pi + q[i]!) / 2);
  return Math.sqrt((kl(p, m) + kl(q, m)) / 2);
}

function sha256(rows: Row[]): string {
  return createHash('sha256').update(rows.map((r) => Object.values(r).join(',')).join('\n')).digest('hex');
}
