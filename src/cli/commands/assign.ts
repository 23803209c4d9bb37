import type { Command } from '../command';
import { arg, withRegistry } from '../withRegistry';

const assignSpec = {
  usage: 'model-ledger assign NAME VERSION STAGE',
  details: [
    'Writes the annotated tag NAME#STAGE#N (GTO) on the version\'s commit; the latest assignment holds the stage.',
    'STAGE must be one of the allowed stages: .gto "stages:", else dev, staging, prod.',
  ],
  options: {},
  positionals: { min: 3, max: 3 },
};

async function assign(ctx: Parameters<Command['run']>[0]): Promise<void> {
  await withRegistry(ctx, async (registry) => {
    const result = await registry.assign(arg(ctx, 0), arg(ctx, 1), arg(ctx, 2));
    ctx.out(`${result.model} ${result.version} is in ${result.stage}${result.previous ? ` (was ${result.previous})` : ''}: tag ${result.tag}\n`);
  });
}

export const assignCommand: Command = { name: 'assign', summary: 'Assign a stage to a model version (promote).', ...assignSpec, run: assign };

export const promoteCommand: Command = {
  name: 'promote',
  summary: 'Same as assign.',
  ...assignSpec,
  usage: 'model-ledger promote NAME VERSION STAGE',
  run: assign,
};
