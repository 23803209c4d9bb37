import { formatTime, shortCommit } from '../../common/format';
import { Registry } from '../../registry/registry';
import { exportModels } from '../../store/export';
import { Store } from '../../store/store';
import { isStoreFailure } from '../../store/storeFailure';
import type { Command, CommandContext } from '../command';
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
    const store = (await Registry.isAvailable(ctx.workspace)) ? await openWithTags(ctx) : Store.open(ctx.workspace, { create: false, forReading: true });
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

/**
 * The store with the repository's registry tags read into it (a new store when there is none).
 * A store this user cannot write is listed as it is, as of its last scan, with a warning.
 */
async function openWithTags(ctx: CommandContext): Promise<Store> {
  let store: Store | undefined;
  try {
    store = Store.open(ctx.workspace);
    store.assertWritable();
  } catch (error) {
    store?.close();
    if (!isStoreFailure(error) || error.kind !== 'read-only') throw error;
    const readable = Store.open(ctx.workspace, { create: false, forReading: true });
    ctx.err(`warning: ${readable.path} cannot be written, so the registry tags were not read again: the list is as of their last scan.\n`);
    return readable;
  }
  try {
    reportProblems(ctx, (await (await Registry.open(ctx.workspace, store)).scan()).problems);
    return store;
  } catch (error) {
    store.close();
    throw error;
  }
}
