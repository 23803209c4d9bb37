import { Store } from '../../store/store';
import type { Command } from '../command';

export const initCommand: Command = {
  name: 'init',
  summary: 'Create the store (.modelledger/ledger.db) in the workspace folder, or upgrade it.',
  usage: 'model-ledger init [--workspace DIR]',
  details: [
    'Safe to run again: an existing store is kept and migrated to the current schema.',
    'The workspace folder must exist: only .modelledger/ is made, inside it.',
  ],
  options: {},
  run(ctx) {
    const store = Store.open(ctx.workspace);
    try {
      store.assertWritable();
      ctx.out(`Store ready at ${store.path} (schema ${store.schemaVersion}).\n`);
    } finally {
      store.close();
    }
  },
};
