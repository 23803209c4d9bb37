import type { Command } from '../command';
import { FORCE_DETAILS, FORCE_OPTIONS, forceOption, gatedChange } from '../gateOutput';
import { arg, withRegistry } from '../withRegistry';

const assignSpec = {
  usage: 'model-ledger assign NAME VERSION STAGE [--force --reason TEXT]',
  details: [
    'Writes the annotated tag NAME#STAGE#N (GTO) on the version\'s commit; the latest assignment holds the stage.',
    'STAGE must be one of the allowed stages: .gto "stages:", else dev, staging, prod.',
    ...FORCE_DETAILS,
  ],
  options: FORCE_OPTIONS,
  positionals: { min: 3, max: 3 },
};

function assign(name: string): Command['run'] {
  return async (ctx) => {
    const force = forceOption(ctx);
    return gatedChange(ctx, name, () =>
      withRegistry(ctx, async (registry) => {
        const result = await registry.assign(arg(ctx, 0), arg(ctx, 1), arg(ctx, 2), { force });
        const overridden = result.gate?.outcome === 'override' ? ` (gate overridden: ${result.gate.override?.failed.join(', ')} failed)` : '';
        ctx.out(`${result.model} ${result.version} is in ${result.stage}${result.previous ? ` (was ${result.previous})` : ''}: tag ${result.tag}${overridden}\n`);
      }),
    );
  };
}

export const assignCommand: Command = { name: 'assign', summary: 'Assign a stage to a model version (promote), through its gate.', ...assignSpec, run: assign('assign') };

export const promoteCommand: Command = {
  name: 'promote',
  summary: 'Same as assign.',
  ...assignSpec,
  usage: 'model-ledger promote NAME VERSION STAGE [--force --reason TEXT]',
  run: assign('promote'),
};
