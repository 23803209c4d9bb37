// team.push_10m: `team push` of a workspace's points into an empty team store, against a raw COPY of
// the same rows into another empty team store on the same server, in the same run.
import { openTeamClient } from '../src/team/connect';
import { thisHost, thisOwner } from '../src/team/owner';
import { pushToTeam } from '../src/team/push';
import { Store } from '../src/store/store';
import type { BenchResult } from './report';
import { rawCopyRate } from './teamRawCopy';
import { benchExperimentId } from './teamSeed';
import type { TeamBenchDatabase, TeamBenchServer } from './teamServer';
import { workspacePoints, type TeamBenchShape } from './teamWorkspace';

export async function benchTeamPush(bench: TeamBenchServer, workspace: string, shape: TeamBenchShape): Promise<{ result: BenchResult; team: TeamBenchDatabase }> {
  const copyDb = await bench.database('copy_baseline');
  const copyClient = await copyDb.connect();
  let baseline: number;
  try {
    baseline = await rawCopyRate(copyClient, shape, { experimentId: benchExperimentId(workspace), owner: thisOwner(), host: thisHost() });
  } finally {
    await copyClient.end();
  }
  bench.server.psql('DROP DATABASE copy_baseline');

  const team = await bench.database('team_pushed');
  const client = await openTeamClient(team.url);
  const store = Store.open(workspace);
  let seconds: number;
  try {
    const start = performance.now();
    const report = await pushToTeam(client, store);
    seconds = (performance.now() - start) / 1000;
    if (report.points !== workspacePoints(shape) || report.conflicts.length > 0) {
      throw new Error(`team.push_10m pushed ${report.points} points of ${workspacePoints(shape)} (conflicts: ${report.conflicts.join(' ')})`);
    }
  } finally {
    store.close();
    await client.end();
  }
  const points = workspacePoints(shape);
  const value = points / seconds;
  return {
    team,
    result: {
      name: 'team.push_10m',
      value,
      unit: 'points/s',
      baseline,
      ratio: value / baseline,
      note:
        `${points.toLocaleString('en-US')} points (${shape.runs} runs x ${shape.metrics} metrics x ${shape.steps} steps + one run of ${(points - shape.runs * shape.metrics * shape.steps).toLocaleString('en-US')}) ` +
        `from a local store to an empty team store in ${seconds.toFixed(1)} s, summaries and pyramids included; goal ratio >= 0.5; ` +
        `baseline: one raw COPY of the same rows into the points table of another empty team store (${(points / baseline).toFixed(1)} s)`,
    },
  };
}
