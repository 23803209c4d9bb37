/**
 * Batches of real data for the monitoring tests (Seattle's weather split by date), and a drift
 * check for tests that keep no registry: the real engine, with each version's training data named
 * by file instead of read from the registry's index.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DriftReport } from '../src/core/drift/types';
import type { DriftRules } from '../src/core/monitor/monitorConfig';
import { checkDataDrift } from '../src/data/checkDataDrift';
import { fileReference } from '../src/data/dataReference';
import type { BatchContext } from '../src/monitor/checkBatch';
import { driftOptions } from '../src/monitor/driftEngine';

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
 * The drift engine with each version's training data given as a file: `references` maps
 * `model@version` to it; any other reference is a data file's path. `now` dates the checks.
 */
export function fileDriftCheck(references: Record<string, string>, now: () => number = Date.now): (reference: string, batchPath: string, rules: DriftRules, context?: BatchContext) => Promise<DriftReport> {
  return async (reference, batchPath, rules, context) => {
    const workspace = context?.workspace ?? path.dirname(batchPath);
    const referenceFile = references[reference] ?? reference;
    return checkDataDrift(workspace, fileReference(referenceFile, workspace), fileReference(batchPath, workspace), { ...driftOptions(rules), checkedAt: now() });
  };
}
