import * as path from 'node:path';
import type { MetricPoint } from '../../core/types';
import type { UnitCommits } from '../../store/chunkedWrite';
import type { Store } from '../../store/store';
import { readAppendedLines } from '../appendedLines';
import type { DiagnosticSink } from '../diagnostics';
import { relativeToWorkspace, walkFolders } from '../workspacePaths';
import { parseHeader, parseRow, type TsvLayout } from './tsvLayout';
import { readTsvEnds } from './tsvEnds';

/** Nested metric names make nested folders under plots/metrics; none goes this deep. */
const MAX_DEPTH = 16;
/** Points are appended to the store this many at a time, so a long history is never all in memory. */
const BATCH = 10_000;

/** One metric's tsv: its file, its metric key, and (when the header is sound) its layout and time span. */
export interface TsvSeries {
  file: string;
  /** The path under plots/metrics without `.tsv`: `train/loss`, `metrics/mAP50(B)`. */
  key: string;
  layout: TsvLayout | null;
  /** Timestamps of the first and last rows, when the file has a timestamp column and rows. */
  span: { start: number; end: number } | null;
}

/** Every `*.tsv` under `plotsDir` (plots/metrics of a DVCLive folder), by key. */
export function listTsvSeries(workspace: string, plotsDir: string, diagnostics: DiagnosticSink): TsvSeries[] {
  const series: TsvSeries[] = [];
  for (const { dir, entries } of walkFolders(workspace, plotsDir, { maxDepth: MAX_DEPTH }, diagnostics)) {
    for (const entry of entries) {
      if (!entry.name.endsWith('.tsv') || !entry.isFile()) continue;
      const file = path.join(dir, entry.name);
      const key = path.relative(plotsDir, file).slice(0, -'.tsv'.length).split(path.sep).join('/');
      series.push({ file, key, ...inspectTsv(file, diagnostics) });
    }
  }
  return series.sort((a, b) => a.key.localeCompare(b.key));
}

function inspectTsv(file: string, diagnostics: DiagnosticSink): Pick<TsvSeries, 'layout' | 'span'> {
  let ends;
  try {
    ends = readTsvEnds(file);
  } catch (error) {
    diagnostics.error(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); skipped`);
    return { layout: null, span: null };
  }
  if (ends.header === null) return { layout: null, span: null }; // empty: DVCLive has not written its first row yet
  const layout = parseHeader(ends.header);
  if (typeof layout === 'string') {
    diagnostics.error(file, layout, 1);
    return { layout: null, span: null };
  }
  if (layout.timestamp === -1 || ends.first === null || ends.last === null) return { layout, span: null };
  const first = parseRow(ends.first, layout);
  const last = parseRow(ends.last, layout);
  // A bad first or last row gives no span here; the incremental read reports it with its line.
  return { layout, span: typeof first === 'string' || typeof last === 'string' ? null : { start: first.timestamp, end: last.timestamp } };
}

/**
 * Appends the rows added to a tsv since the last import to the run's series. A file read for
 * the first time, or rewritten since (DVCLive starting over), replaces the series. Bad lines
 * are reported with their line number and skipped. Call inside the run's unit of the import: a
 * long file is read in pieces, each committed with its file position when the chunk is due.
 */
export function importTsvSeries(store: Store, workspace: string, runId: string, series: TsvSeries, diagnostics: DiagnosticSink, commits: UnitCommits): void {
  const layout = series.layout;
  if (layout === null) return;
  const positionKey = `dvclive:${relativeToWorkspace(workspace, series.file)}`;
  // Nothing read from this file yet: whatever the series holds (a summary-only point) goes.
  if (store.ingestFiles.get(positionKey) === undefined) store.metrics.deleteSeries(runId, series.key);
  let batch: MetricPoint[] = [];
  const flush = () => {
    if (batch.length > 0) store.metrics.append(runId, batch);
    batch = [];
  };
  for (;;) {
    const read = readAppendedLines(store, series.file, positionKey, {
      onReset: () => store.metrics.deleteSeries(runId, series.key),
      onLine: (text, line) => {
        if (line === 1) return; // the header
        const row = parseRow(text, layout);
        if (typeof row === 'string') {
          diagnostics.error(series.file, row, line);
          return;
        }
        batch.push({ key: series.key, ...row });
        if (batch.length >= BATCH) flush();
      },
      onBadLine: (line, message) => diagnostics.error(series.file, message, line),
      shouldPause: commits.isDue,
    });
    flush();
    if (!read.more) return;
    commits.commitSoFar();
  }
}
