import * as path from 'node:path';
import { exportStore } from '../../store/export';
import { Store } from '../../store/store';
import { writeFileAtomically } from '../../artifacts/atomicFile';
import type { Command } from '../command';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write the whole store as JSON (format: docs/export-format.md).',
  usage: 'model-ledger export [--workspace DIR] [--output FILE]',
  details: ['--output FILE  write to FILE (atomically) instead of standard output'],
  options: { output: { type: 'string', short: 'o' } },
  run(ctx) {
    const store = Store.open(ctx.workspace, { create: false, forReading: true });
    let json: string;
    try {
      json = JSON.stringify(exportStore(store), null, 2) + '\n';
    } finally {
      store.close();
    }
    const output = ctx.values.output as string | undefined;
    if (output === undefined) {
      ctx.out(json);
      return;
    }
    writeFileAtomically(path.resolve(ctx.cwd, output), json);
  },
};
