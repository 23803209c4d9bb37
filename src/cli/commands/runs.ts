import { UserError } from '../../core/errors';
import { formatNumber, formatTime, shortCommit } from '../../common/format';
import { DEFAULT_STALE_RUN_HOURS, isStaleRun, staleAfterMs } from '../../core/runStaleness';
import type { Experiment } from '../../core/types';
import { exportRun } from '../../store/export';
import { Store } from '../../store/store';
import type { Command } from '../command';
import { RUN_QUERY_HELP, RUN_QUERY_OPTIONS, runQueryFromOptions } from '../runQueryOptions';
import { formatTable, printable } from '../table';

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List runs, newest first (or sorted and filtered as the sidebar does), optionally of one experiment.',
  usage: 'model-ledger runs [--experiment NAME] [--sort FIELD] [--order asc|desc] [--status LIST] [--param K=V] [--metric "K>=N"] [--text TEXT] [--include-deleted] [--stale-hours N] [--json]',
  details: [
    '--experiment NAME   only the runs of this experiment',
    ...RUN_QUERY_HELP,
    '--json              print a JSON array of runs as in `model-ledger export` (with their annotations)',
    `--stale-hours N     a run still marked running with no new data for N hours (default ${DEFAULT_STALE_RUN_HOURS}, as the`,
    '                    editor\'s modelLedger.staleRunHours) shows as stale: its process most likely died; 0: never',
  ],
  options: { experiment: { type: 'string' }, json: { type: 'boolean' }, 'stale-hours': { type: 'string' }, ...RUN_QUERY_OPTIONS },
  run(ctx) {
    const query = runQueryFromOptions(ctx.values);
    const staleAfter = staleAfterMs(staleHours(ctx.values['stale-hours'] as string | undefined));
    const store = Store.open(ctx.workspace, { create: false, forReading: true });
    try {
      const experiments = selectExperiments(store, ctx.values.experiment as string | undefined, query.filter.showDeleted);
      const runs = experiments.flatMap((e) =>
        store.runList.listRuns(e.id, query, { offset: 0, limit: -1, keyMetric: null }).runs.map(({ run, pinned, lastUpdate }) => ({ run, pinned, lastUpdate, experiment: e })),
      );
      const now = Date.now();
      if (ctx.values.json) {
        ctx.out(JSON.stringify(runs.map(({ run, experiment }) => ({ ...exportRun(store, run), experiment: experiment.name })), null, 2) + '\n');
        return;
      }
      ctx.out(
        formatTable(
          ['EXPERIMENT', 'NAME', 'STATUS', 'STARTED', 'COMMIT', 'METRICS', 'ID'],
          runs.map(({ run, pinned, lastUpdate, experiment }) => [
            printable(experiment.name),
            printable(run.name) + (pinned ? ' (pinned)' : '') + (run.deleted ? ' (deleted)' : ''),
            run.importing ? `${run.status} (importing)` : isStaleRun(run.status, lastUpdate, now, staleAfter) ? `stale (last data ${formatTime(lastUpdate)})` : run.status,
            formatTime(run.startTime),
            shortCommit(run.git?.commit),
            [...store.metrics.summaries(run.id)].slice(0, 3).map(([k, s]) => `${printable(k)}=${formatNumber(s.last)}`).join(' '),
            run.id,
          ]),
        ),
      );
    } finally {
      store.close();
    }
  },
};

function staleHours(value: string | undefined): number {
  if (value === undefined) return DEFAULT_STALE_RUN_HOURS;
  const hours = Number(value);
  if (value.trim() === '' || !Number.isFinite(hours) || hours < 0) throw new UserError(`--stale-hours must be a number of hours, 0 or more (0: never stale); got "${printable(value)}".`);
  return hours;
}

function selectExperiments(store: Store, name: string | undefined, includeDeleted: boolean): Experiment[] {
  if (name === undefined) return store.experiments.list({ includeDeleted });
  const found = store.experiments.findByName(name).filter((e) => includeDeleted || !e.deleted);
  if (found.length === 0) {
    const known = store.experiments.list().map((e) => e.name);
    throw new UserError(`No experiment named "${printable(name)}"${known.length ? ` (known: ${known.map(printable).join(', ')})` : ''}.`);
  }
  return found;
}
