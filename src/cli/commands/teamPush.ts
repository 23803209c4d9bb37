import { UserError } from '../../core/errors';
import { DiagnosticSink, formatDiagnostic } from '../../ingest/diagnostics';
import { importSources } from '../../ingest/importWorkspace';
import { Store } from '../../store/store';
import { pushToTeam } from '../../team/push';
import { withTeamClient } from '../../team/withTeamClient';
import type { TeamVerb } from './teamVerb';

/** `team push`: imports the workspace's run sources, then pushes its runs to the team store. */
export const teamPushVerb: TeamVerb = {
  name: 'push',
  summary: "Import the workspace's runs (run log, MLflow, DVCLive), then push them to the team store.",
  usage: 'push [--url URL] [--no-import] [--batch POINTS] [--quiet]',
  details: [
    '--no-import push what the store holds, without importing the sources first',
    '--batch N   points per transaction (default 100000): a push cut off resumes from the last one committed',
    'Only what the team store lacks is sent; a push cut off (server stopped, network gone) resumes where it stopped.',
    'Exits 1 when something was not pushed (each is named): a param that differs from the team store\'s, a run id',
    'another owner pushed; everything else was.',
  ],
  options: { url: { type: 'string' }, 'no-import': { type: 'boolean' }, batch: { type: 'string' }, quiet: { type: 'boolean' } },
  arguments: { min: 0, max: 0 },
  async run(ctx) {
    const batch = ctx.values.batch === undefined ? undefined : Number(ctx.values.batch);
    if (batch !== undefined && !(Number.isInteger(batch) && batch > 0)) throw new UserError(`--batch takes a whole number of points above 0; got "${String(ctx.values.batch)}".`);
    const store = Store.open(ctx.workspace);
    try {
      store.assertWritable();
      if (!ctx.values['no-import']) {
        const diagnostics = new DiagnosticSink((d) => ctx.err(formatDiagnostic(d) + '\n'));
        importSources({ store, workspace: ctx.workspace, diagnostics, sources: 'discover' });
        if (diagnostics.all.length) ctx.err(`${diagnostics.all.length} problem(s) importing the sources, reported above; the rest is pushed.\n`);
      }
      const report = await withTeamClient(ctx.workspace, ctx.values.url as string | undefined, (client) =>
        pushToTeam(client, store, {
          ...(batch === undefined ? {} : { batchPoints: batch }),
          onProgress: ctx.values.quiet ? undefined : everyFewSeconds((p) => ctx.err(`pushing: ${p.runsDone}/${p.runsTotal} runs, ${p.points.toLocaleString('en-US')} points\n`)),
        }),
      );
      ctx.out(`Pushed ${report.runsPushed} run(s) and ${report.points.toLocaleString('en-US')} point(s); ${report.runsUnchanged} run(s) unchanged since the last push.\n`);
      for (const conflict of report.conflicts) ctx.err(`not pushed: ${conflict}\n`);
      if (report.conflicts.length) throw new UserError(`${report.conflicts.length} thing(s) not pushed, each named above; everything else was.`);
    } finally {
      store.close();
    }
  },
};

/** Calls `report` at most once per 2 seconds: a progress line for terminals and CI logs alike. */
function everyFewSeconds<T>(report: (value: T) => void): (value: T) => void {
  let last = 0;
  return (value) => {
    const now = Date.now();
    if (now - last < 2000) return;
    last = now;
    report(value);
  };
}
