import type { Command } from '../command';
import { printable } from '../table';
import { arg, withRegistry } from '../withRegistry';

export const deprecateCommand: Command = {
  name: 'deprecate',
  summary: 'Deprecate a model (the tag NAME@deprecated).',
  usage: 'model-ledger deprecate NAME [--reason TEXT]',
  details: [
    'A deprecated model keeps its versions and history; registering a new version brings it back.',
    '--reason TEXT  why, kept in the tag\'s message and shown in the Models view and the model cards',
  ],
  options: { reason: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    await withRegistry(ctx, async (registry) => {
      const reason = typeof ctx.values.reason === 'string' ? ctx.values.reason : undefined;
      const result = await registry.deprecate(arg(ctx, 0), reason);
      ctx.out(`${result.model} is deprecated: tag ${result.tag}${reason?.trim() ? ` (reason: ${printable(reason.trim())})` : ''}\n`);
    });
  },
};
