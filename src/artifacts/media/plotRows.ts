import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { errorMessage } from '../../core/errors';
import { datapointsOf, type Datapoint } from './datapoints';
import { readSmallJson, readSmallText } from './mediaFiles';
import type { MediaSink } from './mediaSink';

/** The extensions DVC reads plot data from (YAML plot files are rare and not read here). */
export const PLOT_DATA_EXTENSIONS = new Set(['.json', '.csv', '.tsv']);

/**
 * The data points of a DVC plot file inside `dir`: a JSON list (or an object holding one), or a
 * CSV/TSV with a header row. undefined, with a problem naming the file, when it cannot be read.
 */
export function readPlotRows(dir: string, rel: string, sink: MediaSink): Datapoint[] | undefined {
  const ext = path.extname(rel).toLowerCase();
  const file = path.join(dir, rel);
  if (!PLOT_DATA_EXTENSIONS.has(ext)) {
    sink.problem(file, `is not a plot data file Model Ledger reads (JSON, CSV or TSV)`);
    return undefined;
  }
  if (ext === '.json') {
    const json = readSmallJson(dir, rel, sink);
    if (json === undefined) return undefined;
    return sink.orProblem(file, () => datapointsOf(json));
  }
  const text = readSmallText(dir, rel, sink);
  if (text === null) return undefined;
  try {
    return parse(text, { columns: true, delimiter: ext === '.tsv' ? '\t' : ',', bom: true, skip_empty_lines: true }) as Datapoint[];
  } catch (error) {
    sink.problem(file, `is not a valid ${ext.slice(1).toUpperCase()} table (${errorMessage(error)})`);
    return undefined;
  }
}
