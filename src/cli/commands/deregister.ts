import type { Command } from '../command';
import { arg, withRegistry } from '../withRegistry';

export const deregisterCommand: Command = {
  name: 'deregister',
  summary: 'Deregister a model version (the tag NAME@vX.Y.Z!).',
  usage: 'model-ledger deregister NAME VERSION',
  details: ['The version leaves every stage it held; its tags and history stay.'],
  options: {},
  positionals: { min: 2, max: 2 },
  async run(ctx) {
    await withRegistry(ctx, async (registry) => {
      const result = await registry.deregister(arg(ctx, 0), arg(ctx, 1));
      ctx.out(`${result.model} ${result.version} is deregistered: tag ${result.tag}\n`);
    });
  },
};
