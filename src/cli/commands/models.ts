import { formatTime, shortCommit } from '../../common/format';
import { Registry } from '../../registry/registry';
import { exportModels } from '../../store/export';
import { Store } from '../../store/store';
import type { Command } from '../command';
import { formatTable, printable } from '../table';
import { reportProblems } from '../withRegistry';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List registered models and their versions with stages.',
  usage: 'model-ledger models [--workspace DIR] [--json]',
  details: [
    '--json  print models with their versions as in `model-ledger export`',
    'In a git repository the registry tags are read first (into a new store when there is none).',
  ],
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const inGit = await Registry.isAvailable(ctx.workspace);
    const store = Store.open(ctx.workspace, { create: inGit });
    try {
      if (inGit) reportProblems(ctx, (await (await Registry.open(ctx.workspace, store)).scan()).problems);
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
