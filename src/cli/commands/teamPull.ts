import { Store } from '../../store/store';
import { pullFromTeam } from '../../team/pull';
import { withTeamClient } from '../../team/withTeamClient';
import type { TeamVerb } from './teamVerb';

/** `team pull`: the team's runs into this workspace's store (summaries and coarse pyramid levels, not every point). */
export const teamPullVerb: TeamVerb = {
  name: 'pull',
  summary: "Pull the team's runs: their params, tags, summaries and chart levels (points stay on the server).",
  usage: 'pull [--url URL]',
  details: ['Only runs changed since the last pull are read; names, notes and deletions: the later change wins.'],
  options: { url: { type: 'string' } },
  arguments: { min: 0, max: 0 },
  async run(ctx) {
    const store = Store.open(ctx.workspace);
    try {
      const report = await withTeamClient(ctx.workspace, ctx.values.url as string | undefined, (client) => pullFromTeam(client, store));
      ctx.out(`Pulled ${report.runsPulled} run(s) new or changed; ${report.runsAnnotated} run(s) renamed, noted or deleted; ${report.auditEntries} audit entr${report.auditEntries === 1 ? 'y' : 'ies'} copied.\n`);
    } finally {
      store.close();
    }
  },
};
