/**
 * A STAND-IN for the drift engine (src/core/drift checkDrift over src/data's readers), for the
 * monitoring tests until the lead wires the real one into src/monitor/driftEngine.ts. It reads
 * two CSV files whole and computes, per column, Evidently's large-data tests: the Wasserstein
 * distance over the reference's standard deviation for numbers, the Jensen–Shannon distance
 * (natural log) for categories; a column named like a date is left untested. Real statistics on
 * real data, but not the engine: no small-data tests, no profiles, no findings but datetime ones.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ColumnDrift, DriftReport } from '../src/core/drift/types';
import type { DriftRules } from '../src/core/monitor/monitorConfig';
import type { BatchContext } from '../src/monitor/checkBatch';

/** Seattle's daily weather 2012–2015 (vega-datasets, from NOAA): real data where the seasons change. */
export const SEATTLE_WEATHER = path.join(__dirname, '..', '..', 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');

type Table = { header: string[]; rows: string[][] };

export function readCsv(file: string): Table {
  const [header, ...rows] = parse(fs.readFileSync(file, 'utf8')) as string[][];
  return { header: header!, rows };
}

export function writeCsv(file: string, table: Table): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, [table.header, ...table.rows].map((r) => r.join(',')).join('\n') + '\n');
}

/** The weather rows whose date passes `keep` (such as one year, or one season). */
export function seattleWeather(keep: (date: string) => boolean): Table {
  const table = readCsv(SEATTLE_WEATHER);
  return { header: table.header, rows: table.rows.filter((r) => keep(r[0]!)) };
}

/**
 * The stand-in check: `references` maps `model@version` to that version's training data file
 * (what its stored profile will stand for); any other reference is a data file's path.
 */
export function standInDriftCheck(references: Record<string, string>, now: () => number = Date.now): (reference: string, batchPath: string, rules: DriftRules, context?: BatchContext) => Promise<DriftReport> {
  return async (reference, batchPath, rules) => {
    const refFile = references[reference] ?? reference;
    if (!fs.existsSync(refFile)) throw new Error(`${reference}: no reference data`);
    return standInReport(readCsv(refFile), readCsv(batchPath), { reference, batch: batchPath, rules, checkedAt: now() });
  };
}

function standInReport(reference: Table, current: Table, at: { reference: string; batch: string; rules: DriftRules; checkedAt: number }): DriftReport {
  if (current.rows.length === 0) throw new Error(`${at.batch}: no rows`);
  const columns: ColumnDrift[] = [];
  const findings: DriftReport['findings'] = [];
  for (const [i, name] of reference.header.entries()) {
    const j = current.header.indexOf(name);
    if (j < 0) {
      findings.push({ kind: 'missing-in-current', column: name, message: `${name} is not in the current data` });
      continue;
    }
    if (name === 'date') {
      findings.push({ kind: 'datetime-range', column: name, message: `${name}: ${current.rows[0]![j]} … ${current.rows.at(-1)![j]}` });
      continue;
    }
    const ref = reference.rows.map((r) => r[i]!);
    const cur = current.rows.map((r) => r[j]!);
    const rule = at.rules.columns[name];
    const numeric = ref.every((v) => v !== '' && Number.isFinite(Number(v)));
    const statistic = numeric ? normedWasserstein(ref.map(Number), cur.map(Number)) : jensenShannon(ref, cur);
    const threshold = rule?.threshold ?? 0.1;
    const categories = [...new Set([...ref, ...cur])].sort();
    columns.push({
      name,
      kind: numeric ? 'numerical' : 'categorical',
      test: numeric ? 'wasserstein' : 'jensenshannon',
      statistic,
      pValue: null,
      threshold,
      drift: statistic >= threshold,
      score: statistic,
      estimated: false,
      distribution: numeric
        ? { kind: 'histogram', edges: [], reference: [], current: [] }
        : { kind: 'categories', categories, reference: categories.map((c) => ref.filter((v) => v === c).length), current: categories.map((c) => cur.filter((v) => v === c).length) },
    });
  }
  const drifted = columns.filter((c) => c.drift).length;
  const driftShare = columns.length === 0 ? 0 : drifted / columns.length;
  return {
    format: 'model-ledger-drift',
    version: 1,
    reference: { label: at.reference, sha256: null },
    current: { label: at.batch, sha256: null },
    rows: { reference: reference.rows.length, current: current.rows.length },
    columns,
    driftShare,
    shareThreshold: at.rules.share,
    datasetDrift: driftShare >= at.rules.share,
    findings,
    checkedAt: at.checkedAt,
  };
}

/** The first Wasserstein distance of two samples over the reference's standard deviation (floored at 0.001), as Evidently norms it. */
function normedWasserstein(reference: number[], current: number[]): number {
  const a = [...reference].sort((x, y) => x - y);
  const b = [...current].sort((x, y) => x - y);
  const all = [...new Set([...a, ...b])].sort((x, y) => x - y);
  let distance = 0;
  let ia = 0;
  let ib = 0;
  for (let k = 0; k < all.length - 1; k++) {
    while (ia < a.length && a[ia]! <= all[k]!) ia++;
    while (ib < b.length && b[ib]! <= all[k]!) ib++;
    distance += Math.abs(ia / a.length - ib / b.length) * (all[k + 1]! - all[k]!);
  }
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / (a.length - 1));
  return distance / Math.max(std, 0.001);
}

/** The Jensen–Shannon distance (natural log) of two samples' category shares, empty categories filled with 0.0001 as Evidently does. */
function jensenShannon(reference: string[], current: string[]): number {
  const categories = [...new Set([...reference, ...current])];
  const shares = (values: string[]) => {
    const raw = categories.map((c) => values.filter((v) => v === c).length / values.length || 0.0001);
    const total = raw.reduce((s, v) => s + v, 0);
    return raw.map((v) => v / total);
  };
  const p = shares(reference);
  const q = shares(current);
  const kl = (x: number[], m: number[]) => x.reduce((s, v, i) => s + (v > 0 ? v * Math.log(v / m[i]!) : 0), 0);
  const m = p.map((v, i) => (v + q[i]!) / 2);
  return Math.sqrt((kl(p, m) + kl(q, m)) / 2);
}
