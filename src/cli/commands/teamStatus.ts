import type { CommandContext } from '../command';
import type { TeamTarget } from '../../team/connect';
import { withTeamClient } from '../../team/withTeamClient';
import { chooseTeamUrl } from '../../team/teamConfig';
import { describeAccess, readTeamStoreStatus, type TeamStoreStatus } from '../../team/teamStatus';
import type { TeamVerb } from './teamVerb';

/** `team status`: the connected team store's server, schema, the role's rights and what it holds. */
export const teamStatusVerb: TeamVerb = {
  name: 'status',
  summary: 'Show the team store: server, TLS, schema version, your role\'s rights, runs and points.',
  usage: 'status [--url URL] [--json]',
  details: ['--url URL   another team store than the workspace\'s (default: MODEL_LEDGER_TEAM_URL, else .modelledger/team.json)', '--json      print JSON'],
  options: { url: { type: 'string' }, json: { type: 'boolean' } },
  arguments: { min: 0, max: 0 },
  async run(ctx) {
    const choice = chooseTeamUrl(ctx.workspace, ctx.values.url as string | undefined);
    const { target, status } = await withTeamClient(ctx.workspace, choice.url, async (client, target) => ({ target, status: await readTeamStoreStatus(client) }));
    if (ctx.values.json) {
      const { label, ...where } = target;
      ctx.out(JSON.stringify({ store: label, from: choice.from, ...where, ...status }, null, 2) + '\n');
      return;
    }
    ctx.out(`Team store: ${target.label} (from ${choice.from})\n`);
    printStatusLines(ctx, target, status);
  },
};

/** The lines `team connect` and `team status` share. */
export function printStatusLines(ctx: CommandContext, target: TeamTarget, status: TeamStoreStatus): void {
  const schema =
    status.schemaVersion === 0
      ? 'none yet (run "model-ledger team init")'
      : status.schemaVersion > status.supportedSchemaVersion
        ? `${status.schemaVersion}, newer than this Model Ledger reads (${status.supportedSchemaVersion}): update Model Ledger to sync`
        : status.schemaVersion < status.supportedSchemaVersion
          ? `${status.schemaVersion}, older than this Model Ledger's ${status.supportedSchemaVersion}: run "model-ledger team init" to migrate`
          : String(status.schemaVersion);
  const lines = [
    ['Server', `PostgreSQL ${status.serverVersion}`],
    ['TLS', target.verification],
    ['Schema', schema],
    ['Role', `${status.access?.role ?? target.user}: ${describeAccess(status.access)}`],
  ];
  if (status.access?.canRead) lines.push(['Row security', status.access.annotationsRowSecurity ? 'on: a writer changes only the runs it pushed (and their rows)' : 'off (docs/team-store.md, "Roles")']);
  if (status.counts) {
    const c = status.counts;
    lines.push(['Runs', `${c.runs.toLocaleString('en-US')} in ${c.experiments.toLocaleString('en-US')} experiment(s), by ${c.owners.toLocaleString('en-US')} owner(s)`]);
    lines.push(['Points', `${c.points.toLocaleString('en-US')} in ${c.series.toLocaleString('en-US')} metric series`]);
  }
  const width = Math.max(...lines.map(([label]) => label!.length)) + 1;
  ctx.out(lines.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}${value}\n`).join(''));
}
