import type { Command } from '../command';
import { FORCE_DETAILS, FORCE_OPTIONS, forceOption, gatedChange } from '../gateOutput';
import { arg, withRegistry } from '../withRegistry';

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'Put the previous version back in a stage (a new assignment tag for it), through its gate.',
  usage: 'model-ledger rollback NAME STAGE [--force --reason TEXT]',
  details: ['The previous version is the latest earlier holder of the stage that is still registered.', ...FORCE_DETAILS],
  options: FORCE_OPTIONS,
  positionals: { min: 2, max: 2 },
  async run(ctx) {
    const force = forceOption(ctx);
    return gatedChange(ctx, 'rollback', () =>
      withRegistry(ctx, async (registry) => {
        const result = await registry.rollback(arg(ctx, 0), arg(ctx, 1), { force });
        ctx.out(`${result.model} ${result.stage} is back to ${result.version} (was ${result.previous ?? 'empty'}): tag ${result.tag}\n`);
      }),
    );
  },
};
