import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { DiagnosticSink, formatDiagnostic } from '../../ingest/diagnostics';
import { importSources } from '../../ingest/importWorkspace';
import { resolveSources, type SourceRef } from '../../ingest/sources';
import { ORIGIN_OF, SOURCE_KINDS, type SourceKind } from '../../ingest/types';
import { Store } from '../../store/store';
import type { Command } from '../command';
import { importFailureLine, importOutcome } from '../importOutcome';
import { formatTable } from '../table';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import runs from MLflow (mlruns/, mlflow.db), DVCLive or the run log; all found in the workspace when no path is given.',
  usage: 'model-ledger import [PATH] [--kind mlflow|mlflow-db|dvclive|runlog] [--workspace DIR] [--quiet]',
  details: [
    'PATH          a source to import (detected when --kind is not given), or a folder of sources (each found in it);',
    '              default: every source in the workspace',
    '--kind KIND   read PATH as this kind of source',
    '--quiet       no progress line',
    'Problems in the sources are printed to standard error as FILE:LINE: message; the rest is imported.',
    'Importing again is safe: only what changed is read, and the result is the same.',
    'Exits 1 when a run or a source failed to import (each is named above; nothing of a failed run is written),',
    'with the counts and what to do in the last line.',
  ],
  options: { kind: { type: 'string' }, quiet: { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  run(ctx) {
    const kind = ctx.values.kind as string | undefined;
    if (kind !== undefined && !(SOURCE_KINDS as readonly string[]).includes(kind)) {
      throw new UserError(`--kind must be one of ${SOURCE_KINDS.join(', ')}; got "${kind}".`);
    }
    const progress = progressLine(ctx.values.quiet ? () => {} : ctx.err);
    const diagnostics = new DiagnosticSink((d) => {
      progress.clear();
      ctx.err(formatDiagnostic(d) + '\n');
    });
    const target = ctx.positionals[0];
    const requested = target === undefined ? 'discover' : resolveSources(ctx.workspace, path.resolve(ctx.cwd, target), kind as SourceKind | undefined, diagnostics);
    const store = Store.open(ctx.workspace);
    try {
      // A store that cannot be written is said once, before any source is imported.
      store.assertWritable();
      let sources: SourceRef[] = [];
      const summaries = importSources({ store, workspace: ctx.workspace, diagnostics, sources: requested, onDiscovered: (found) => (sources = found), onProgress: progress });
      progress.clear();
      if (sources.length === 0 && diagnostics.all.length === 0) {
        ctx.out('No run sources found (MLflow mlruns/ or mlflow.db, DVCLive folders, .modelledger/runs).\n');
        return;
      }
      // The words of the Experiments view: deleted runs are counted apart, as the view hides them.
      const counts = summaries.map((s) => store.runs.countFromSource(ORIGIN_OF[s.kind], s.source));
      ctx.out(
        formatTable(
          ['SOURCE', 'KIND', 'EXPERIMENTS', 'RUNS', 'DELETED', 'MODELS', 'FAILED'],
          summaries.map((s, i) => [s.source, s.kind, String(s.experiments), String(counts[i]!.runs - counts[i]!.deleted), String(counts[i]!.deleted), String(s.models), String(s.failedRuns)]),
        ),
      );
      const failure = importFailureLine(importOutcome(ctx.workspace, sources, summaries, diagnostics.all), store.writeFailure);
      if (failure !== null) throw new UserError(failure);
      if (diagnostics.all.length) ctx.err(`${diagnostics.all.length} problem(s) reported above; everything else was imported.\n`);
    } finally {
      store.close();
    }
  },
};

/** A progress line on stderr, redrawn in place on a terminal and printed sparingly otherwise. */
function progressLine(write: (text: string) => void) {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  let lastPrinted = 0;
  const update = (source: string, done: number, total: number | null) => {
    const now = Date.now();
    if (now - lastPrinted < (tty ? 100 : 2000) && done !== total) return;
    lastPrinted = now;
    const text = `importing ${source}: ${done}${total === null ? '' : `/${total}`} runs`;
    if (tty) {
      write(`\r\u001b[K${text}`);
      shown = true;
    } else {
      write(text + '\n');
    }
  };
  update.clear = () => {
    if (shown) write('\r\u001b[K');
    shown = false;
  };
  return update;
}
