import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChunkedWrite } from '../../store/chunkedWrite';
import { STORE_DIR_NAME } from '../../store/paths';
import type { ImportSummary, IngestContext } from '../types';
import { realPathInside, relativeToWorkspace } from '../workspacePaths';
import { importRunLogFile } from './importFile';
import { isRunLogFileName } from './runId';

/** Where writers put run logs: `.modelledger/runs/<run id>.jsonl` (docs/run-log-format.md). */
export const RUN_LOG_DIR_NAME = 'runs';

/**
 * Whether `dir` is a run log folder. Only the documented location counts: any folder of `.jsonl`
 * files would also match datasets (`data/train.jsonl`), which are no runs.
 */
export function isRunLogFolder(dir: string): boolean {
  if (path.basename(dir) !== RUN_LOG_DIR_NAME || path.basename(path.dirname(dir)) !== STORE_DIR_NAME) return false;
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Imports Model Ledger's native run log: `target` is a run log folder or one `.jsonl` file in it.
 * Incremental: each file is read from where the last import stopped, one unit of the import per file.
 */
export function importRunLog(ctx: IngestContext, target: string): ImportSummary {
  const absolute = path.resolve(ctx.workspace, target);
  const summary: ImportSummary = { kind: 'runlog', source: relativeToWorkspace(ctx.workspace, absolute), experiments: 0, runs: 0, models: 0, failedRuns: 0 };
  const { folder, files } = listTarget(ctx, absolute);
  const experiments = new Set<string>();
  const writes = new ChunkedWrite(ctx.store);
  try {
    files.forEach((file, index) => {
      const outcome = importRunLogFile(ctx, writes, file, folder);
      if (outcome.kind === 'run') {
        summary.runs += 1;
        experiments.add(outcome.experimentId);
      } else if (outcome.kind === 'skipped') {
        summary.failedRuns += 1;
      }
      ctx.progress?.(index + 1, files.length);
    });
  } finally {
    writes.finish();
  }
  summary.experiments = experiments.size;
  return summary;
}

/** The run log files of a target, and their folder relative to the workspace. */
function listTarget(ctx: IngestContext, absolute: string): { folder: string; files: string[] } {
  const real = realPathInside(ctx.workspace, absolute, ctx.diagnostics);
  if (real === null || !fs.statSync(real).isDirectory()) {
    return { folder: relativeToWorkspace(ctx.workspace, path.dirname(absolute)), files: real === null ? [] : [absolute] };
  }
  const names = fs.readdirSync(absolute).filter(isRunLogFileName).sort();
  return { folder: relativeToWorkspace(ctx.workspace, absolute), files: names.map((name) => path.join(absolute, name)) };
}
