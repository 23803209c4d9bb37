import type { Command } from '../command';
import { withRegistry } from '../withRegistry';

export const pushRegistryCommand: Command = {
  name: 'push-registry',
  summary: 'Push the registry tags and reviews to a git remote (default: origin).',
  usage: 'model-ledger push-registry [REMOTE]',
  details: ['REMOTE  a configured git remote; default origin (or the only remote)', 'Only registry (GTO) tags and reviews (refs/model-ledger/reviews/*) are pushed. A rejected push changes nothing here.'],
  options: {},
  positionals: { min: 0, max: 1 },
  async run(ctx) {
    await withRegistry(ctx, async (registry) => {
      const result = await registry.push(ctx.positionals[0]);
      ctx.out(`Pushed ${result.tags} registry tag(s) and ${result.reviews} review(s) to ${result.remote}.\n`);
    });
  },
};
