import type { Command } from '../command';
import { arg, withRegistry } from '../withRegistry';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'Put the previous version back in a stage (a new assignment tag for it).',
  usage: 'model-ledger rollback NAME STAGE',
  details: ['The previous version is the latest earlier holder of the stage that is still registered.'],
  options: {},
  positionals: { min: 2, max: 2 },
  async run(ctx) {
    await withRegistry(ctx, async (registry) => {
      const result = await registry.rollback(arg(ctx, 0), arg(ctx, 1));
      ctx.out(`${result.model} ${result.stage} is back to ${result.version} (was ${result.previous ?? 'empty'}): tag ${result.tag}\n`);
    });
  },
};
