import { Store } from '../../store/store';
import type { Command } from '../command';
import { formatTable } from '../table';

export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the store path, its schema version and how many records it holds.',
  usage: 'model-ledger status [--workspace DIR] [--json]',
  details: ['--json  print the same as a JSON object'],
  options: { json: { type: 'boolean' } },
  run(ctx) {
    const store = Store.open(ctx.workspace, { create: false, forReading: true });
    try {
      const status = { path: store.path, schemaVersion: store.schemaVersion, counts: store.counts() };
      if (ctx.values.json) {
        ctx.out(JSON.stringify(status, null, 2) + '\n');
        return;
      }
      const c = status.counts;
      ctx.out(`Store:  ${status.path}\nSchema: ${status.schemaVersion}\n\n`);
      ctx.out(
        formatTable(
          ['RECORDS', 'COUNT'],
          [
            ['experiments', String(c.experiments)],
            ['runs', String(c.runs)],
            ['metric series', String(c.metricSeries)],
            ['metric points', String(c.metricPoints)],
            ['models', String(c.models)],
            ['model versions', String(c.modelVersions)],
            ['audit entries', String(c.auditEntries)],
          ],
        ),
      );
    } finally {
      store.close();
    }
  },
};
