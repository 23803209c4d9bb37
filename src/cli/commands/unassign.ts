import { UserError } from '../../core/errors';
import type { Command } from '../command';
import { arg, withRegistry } from '../withRegistry';

export const unassignCommand: Command = {
  name: 'unassign',
  summary: 'Take a stage from a model version.',
  usage: 'model-ledger unassign NAME STAGE [--version V]',
  details: ['--version V  the version to take the stage from; default: the one holding it', 'Writes the annotated tag NAME#STAGE!#N (GTO).'],
  options: { version: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(ctx) {
    await withRegistry(ctx, async (registry) => {
      const [model, stage] = [arg(ctx, 0), arg(ctx, 1)];
      let version = ctx.values.version as string | undefined;
      if (version === undefined) {
        await registry.scan();
        version = registry.model(model)?.stages.find((s) => s.stage === stage)?.version;
        if (version === undefined) throw new UserError(`No version of ${model} is in ${stage}.`);
      }
      const result = await registry.unassign(model, version, stage);
      ctx.out(`${result.model} ${result.version} is no longer in ${result.stage}: tag ${result.tag}\n`);
    });
  },
};
