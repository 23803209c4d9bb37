import { UserError } from '../../core/errors';
import { formatTime, shortCommit } from '../../common/format';
import type { Command } from '../command';
import { parseDateArgument } from '../dateArgument';
import { formatTable, printable } from '../table';
import { arg, reportProblems, withRegistry } from '../withRegistry';

export const historyCommand: Command = {
  name: 'history',
  summary: "A model's registry timeline (who did what, when, how each stage change was gated), or what was in a stage on a date.",
  usage: 'model-ledger history NAME [--stage STAGE [--at DATE]] [--json]',
  details: [
    '--stage STAGE  only the events of this stage',
    '--at DATE      with --stage: the version that was in the stage then (ISO date or time, UTC;',
    '               a date alone means the end of that day)',
    '--json         print JSON',
  ],
  options: { stage: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const model = arg(ctx, 0);
    const stage = ctx.values.stage as string | undefined;
    const atText = ctx.values.at as string | undefined;
    if (atText !== undefined && stage === undefined) throw new UserError('--at needs --stage: the stage to look at.');
    const at = atText === undefined ? undefined : parseDateArgument(atText, '--at', true);
    await withRegistry(ctx, async (registry) => {
      reportProblems(ctx, (await registry.scan()).problems);
      if (stage !== undefined && at !== undefined) {
        const version = registry.stageAt(model, stage, at);
        if (ctx.values.json) ctx.out(JSON.stringify({ model, stage, at, version }, null, 2) + '\n');
        else ctx.out(`${printable(model)} ${printable(stage)} at ${formatTime(at)} UTC: ${version ?? '(empty)'}\n`);
        return;
      }
      const events = registry.history(model).filter((e) => stage === undefined || e.stage === stage);
      if (ctx.values.json) {
        ctx.out(JSON.stringify(events, null, 2) + '\n');
        return;
      }
      ctx.out(
        formatTable(
          ['TIME (UTC)', 'EVENT', 'VERSION', 'STAGE', 'GATE', 'COMMIT', 'BY', 'TAG'],
          events.map((e) => [formatTime(e.at), e.action, printable(e.version ?? ''), printable(e.stage ?? ''), e.metadata?.gate?.outcome ?? '', shortCommit(e.commit), printable(e.actor ?? ''), printable(e.tag)]),
        ),
      );
    });
  },
};
