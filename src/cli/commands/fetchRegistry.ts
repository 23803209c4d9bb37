import type { Command } from '../command';
import { printable } from '../table';
import { reportProblems, withRegistry } from '../withRegistry';

export const fetchRegistryCommand: Command = {
  name: 'fetch-registry',
  summary: 'Fetch the registry tags and reviews of a git remote (default: origin) and index them.',
  usage: 'model-ledger fetch-registry [REMOTE]',
  details: ['REMOTE  a configured git remote; default origin (or the only remote)', 'A tag that differs on the remote is not overwritten; the command names it.'],
  options: {},
  positionals: { min: 0, max: 1 },
  async run(ctx) {
    await withRegistry(ctx, async (registry) => {
      const { remote, scan, newReviews } = await registry.fetch(ctx.positionals[0]);
      reportProblems(ctx, scan.problems);
      const models = scan.changedModels.length ? `; models changed: ${scan.changedModels.map(printable).join(', ')}` : '';
      ctx.out(`Fetched from ${remote}: ${scan.added} new tag(s), ${scan.removed} gone${models}; ${newReviews} new review(s).\n`);
    });
  },
};
