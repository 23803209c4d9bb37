import { Store } from '../../store/store';
import type { Command } from '../command';
import { formatTable, printable } from '../table';

export const experimentsCommand: Command = {
  name: 'experiments',
  summary: 'List experiments with their run counts.',
  usage: 'model-ledger experiments [--workspace DIR] [--include-deleted] [--json]',
  details: ['--include-deleted  also list deleted experiments', '--json             print a JSON array'],
  options: { json: { type: 'boolean' }, 'include-deleted': { type: 'boolean' } },
  run(ctx) {
    const store = Store.open(ctx.workspace, { create: false, forReading: true });
    try {
      const includeDeleted = ctx.values['include-deleted'] === true;
      const rows = store.experiments.list({ includeDeleted }).map((e) => ({ ...e, runs: store.runs.countByExperiment(e.id, includeDeleted) }));
      if (ctx.values.json) {
        ctx.out(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      ctx.out(
        formatTable(
          ['NAME', 'RUNS', 'SOURCE', 'ID'],
          rows.map((e) => [printable(e.name) + (e.deleted ? ' (deleted)' : ''), String(e.runs), e.origin.source, e.id]),
        ),
      );
    } finally {
      store.close();
    }
  },
};
