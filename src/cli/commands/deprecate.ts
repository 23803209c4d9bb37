import type { Command } from '../command';
import { arg, withRegistry } from '../withRegistry';

export const deprecateCommand: Command = {
  name: 'deprecate',
  summary: 'Deprecate a model (the tag NAME@deprecated).',
  usage: 'model-ledger deprecate NAME',
  details: ['A deprecated model keeps its versions and history; registering a new version brings it back.'],
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    await withRegistry(ctx, async (registry) => {
      const result = await registry.deprecate(arg(ctx, 0));
      ctx.out(`${result.model} is deprecated: tag ${result.tag}\n`);
    });
  },
};
