import { formatTime, shortCommit } from '../../core/format';
import { exportModels } from '../../store/export';
import { Store } from '../../store/store';
import type { Command } from '../command';
import { formatTable, printable } from '../table';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List registered models and their versions with stages.',
  usage: 'model-ledger models [--workspace DIR] [--json]',
  details: ['--json  print models with their versions as in `model-ledger export`'],
  options: { json: { type: 'boolean' } },
  run(ctx) {
    const store = Store.open(ctx.workspace, { create: false });
    try {
      const models = exportModels(store);
      if (ctx.values.json) {
        ctx.out(JSON.stringify(models, null, 2) + '\n');
        return;
      }
      const rows = models.flatMap((m) =>
        m.versions.length === 0
          ? [[printable(m.name), '—', '', '', '', '']]
          : m.versions.map((v) => [
              printable(m.name),
              printable(v.version),
              v.stages.join(','),
              shortCommit(v.commit),
              formatTime(v.createdAt),
              printable(v.createdBy ?? ''),
            ]),
      );
      ctx.out(formatTable(['MODEL', 'VERSION', 'STAGES', 'COMMIT', 'CREATED', 'BY'], rows));
    } finally {
      store.close();
    }
  },
};
