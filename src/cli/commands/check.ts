import { gateReportText } from '../../core/governance/gateReport';
import type { Command } from '../command';
import { EXIT_GATE_FAILED, printableLines } from '../gateOutput';
import { arg, reportProblems, withRegistry } from '../withRegistry';

export const checkCommand: Command = {
  name: 'check',
  summary: "Evaluate the gate of putting a version in a stage (policy.yaml), without writing: for CI.",
  usage: 'model-ledger check NAME VERSION STAGE [--json]',
  details: [
    'Lists every rule of .modelledger/policy.yaml for the stage with pass or fail and why.',
    'Exit 0 when the gate passes (or no policy applies: it says so), 4 when it fails.',
    'For a version that holds the stage already, the "signed" rule verifies the stage tag that put it there (git verify-tag).',
    '--json  print the gate result as JSON (the same record a stage tag carries)',
  ],
  options: { json: { type: 'boolean' } },
  positionals: { min: 3, max: 3 },
  async run(ctx) {
    return withRegistry(ctx, async (registry) => {
      reportProblems(ctx, (await registry.scan()).problems);
      const result = await registry.checkGate(arg(ctx, 0), arg(ctx, 1), arg(ctx, 2));
      if (ctx.values.json) ctx.out(JSON.stringify({ ...result, passed: result.outcome !== 'fail' }, null, 2) + '\n');
      else ctx.out(printableLines(gateReportText(result)));
      return result.outcome === 'fail' ? EXIT_GATE_FAILED : 0;
    });
  },
};
