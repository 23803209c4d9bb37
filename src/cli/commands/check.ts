import { UserError } from '../../core/errors';
import { gateReportText } from '../../core/governance/gateReport';
import type { Command } from '../command';
import { EXIT_GATE_FAILED, printableLines } from '../gateOutput';
import { arg, reportProblems, withRegistry } from '../withRegistry';

export const checkCommand: Command = {
  name: 'check',
  summary: "Evaluate the gate of putting a version in a stage (policy.yaml), without writing: for CI.",
  usage: 'model-ledger check (NAME VERSION STAGE | --tag NAME#STAGE#N) [--policy-ref REV] [--json]',
  details: [
    'Lists every rule of .modelledger/policy.yaml for the stage with pass or fail and why.',
    'Exit 0 when the gate passes (or no policy applies: it says so), 4 when it fails.',
    'For a version that holds the stage already, the gate is judged as when the stage tag that put it there was written:',
    '"current" is the version that held the stage just before it, and "signed" verifies that tag (git verify-tag).',
    '--tag NAME#STAGE#N  check that stage tag (CI on a pushed tag): its version, stage and previous holder come from it',
    '--policy-ref REV    read policy.yaml as commit REV holds it (git show REV:.modelledger/policy.yaml), e.g. origin/main;',
    '                    an error when REV has none. By default the working tree\'s is read.',
    '--json  print the gate result as JSON (the same record a stage tag carries)',
  ],
  options: { tag: { type: 'string' }, 'policy-ref': { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 3 },
  async run(ctx) {
    const tag = ctx.values.tag as string | undefined;
    const count = ctx.positionals.length;
    if (tag !== undefined ? count !== 0 : count !== 3) {
      throw new UserError(tag !== undefined ? 'Give either --tag NAME#STAGE#N or NAME VERSION STAGE, not both.' : 'Give NAME VERSION STAGE (or --tag NAME#STAGE#N); see "model-ledger check --help".');
    }
    const policyRef = ctx.values['policy-ref'] as string | undefined;
    return withRegistry(ctx, async (registry) => {
      reportProblems(ctx, (await registry.scan()).problems);
      const options = { policyRef };
      const result = tag !== undefined ? await registry.checkTag(tag, options) : await registry.checkGate(arg(ctx, 0), arg(ctx, 1), arg(ctx, 2), options);
      if (ctx.values.json) ctx.out(JSON.stringify({ ...result, passed: result.outcome !== 'fail' }, null, 2) + '\n');
      else ctx.out(printableLines(gateReportText(result)));
      return result.outcome === 'fail' ? EXIT_GATE_FAILED : 0;
    });
  },
};
