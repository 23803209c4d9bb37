import * as path from 'node:path';
import { errorMessage } from '../../core/errors';
import type { Run } from '../../core/types';
import { ChunkedWrite, ChunkLost, whatWasKept } from '../../store/chunkedWrite';
import { evaluatesLink } from '../evaluationLink';
import { importedExperimentId, runImportMark, saveRunRecord } from '../runRecord';
import type { IngestContext, ImportSummary } from '../types';
import { realPathInside, relativeToWorkspace } from '../workspacePaths';
import { readArtifacts } from './artifacts';
import { isDirectory } from './fileKinds';
import { lockInputs } from './lockInputs';
import { readMetricsJson } from './metricsJson';
import { readParamsYaml } from './params';
import { findProject } from './project';
import { syncSummaryMetrics } from './summaryMetrics';
import { importTsvSeries, listTsvSeries, type TsvSeries } from './tsvSeries';

/**
 * Imports one DVCLive output folder as one run: params from the repository's params.yaml and
 * the folder's own params.yaml (the run's win), metric histories from plots/metrics/**.tsv (read
 * incrementally), summary-only metrics from metrics.json, artifacts from dvc.yaml, its data from
 * dvc.lock (the deps of the stage that wrote it, code aside). The run joins
 * one experiment per repository. Problems in single files are reported and the rest goes on; a
 * run that cannot be written is rolled back whole, and one too big for a chunk of the import is
 * committed in pieces, marked as importing until the last (store/chunkedWrite.ts).
 */
export function importDvclive(ctx: IngestContext, dir: string): ImportSummary {
  const { store, workspace, diagnostics } = ctx;
  const relPath = relativeToWorkspace(workspace, dir);
  const summary: ImportSummary = { kind: 'dvclive', source: relPath, experiments: 0, runs: 0, models: 0, failedRuns: 0 };
  if (realPathInside(workspace, dir, diagnostics) === null) return summary;

  const project = findProject(workspace, dir);
  const projectRel = relativeToWorkspace(workspace, project.folder);
  const metricsJson = readMetricsJson(path.join(dir, 'metrics.json'), diagnostics);
  const params = { ...readParamsYaml(path.join(project.folder, 'params.yaml'), diagnostics), ...readParamsYaml(path.join(dir, 'params.yaml'), diagnostics) };
  const artifacts = project.dvcYaml === null ? [] : readArtifacts(workspace, project.dvcYaml, diagnostics);
  const inputs = lockInputs(workspace, project.folder, dir, diagnostics);
  const plotsDir = path.join(dir, 'plots', 'metrics');
  const series = isDirectory(plotsDir) ? listTsvSeries(workspace, plotsDir, diagnostics) : [];
  const span = timeSpan(series);
  const runId = `dvclive:${relPath}`;

  const writes = new ChunkedWrite(store);
  try {
    writes.unit((commits) => {
      const experimentId = store.experiments.upsert({
        id: importedExperimentId('dvclive', projectRel, 'repository'),
        name: path.basename(project.folder) || 'dvclive',
        // DVC has no experiment id; the repository's path is the stable identity.
        origin: { source: 'dvclive', id: projectRel, path: projectRel },
      });
      const run: Run = {
        id: runId,
        experimentId,
        name: relPath === '.' ? path.basename(dir) : relPath,
        // DVCLive leaves no marker of a run in progress; its files are always a finished state so far.
        status: 'finished',
        deleted: false,
        startTime: span?.start ?? null,
        endTime: span?.end ?? null,
        git: null,
        command: null,
        parentRunId: null,
        origin: { source: 'dvclive', id: null, path: relPath },
      };
      saveRunRecord(store, { run, params, tags: {}, artifacts, inputs });
      const link = evaluatesLink({}, params);
      if (link.problem) diagnostics.warning(dir, link.problem);
      for (const s of series) importTsvSeries(store, workspace, runId, s, diagnostics, commits);
      syncSummaryMetrics(store, runId, metricsJson, new Set(series.map((s) => s.key)), span?.end ?? 0);
    }, runImportMark(store, runId));
    summary.experiments = 1;
    summary.runs = 1;
  } catch (error) {
    if (error instanceof ChunkLost) throw error;
    const kept = whatWasKept(error, 'run skipped');
    diagnostics.error(dir, `cannot be imported: ${errorMessage(error)}; ${kept}`);
    summary.failedRuns = 1;
  } finally {
    writes.finish();
  }
  ctx.progress?.(1, 1);
  return summary;
}

/**
 * The run's start and end: the first and last timestamps of its tsv files. DVCLive 3 writes no
 * timestamps, and nothing else in its output tells when the run happened, so such a run has none.
 */
function timeSpan(series: readonly TsvSeries[]): { start: number; end: number } | null {
  const spans = series.flatMap((s) => (s.span ? [s.span] : []));
  if (spans.length === 0) return null;
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}
