// A team store holding the bench workspace's runs without going through `team push`: the raw COPY of
// the points, then the schema's own model_ledger.points_appended for every series, then VACUUM
// ANALYZE as autovacuum would do.
// For the pull, zoom and notify benches at full size when push is measured at a smaller one.
import { Store } from '../src/store/store';
import { thisHost, thisOwner } from '../src/team/owner';
import { rawCopyRate } from './teamRawCopy';
import type { TeamBenchDatabase, TeamBenchServer } from './teamServer';
import type { TeamBenchShape } from './teamWorkspace';

/** The id of the bench workspace's one experiment, which a push would give the server. */
export function benchExperimentId(workspace: string): string {
  const store = Store.open(workspace, { readonly: true });
  try {
    return store.experiments.list()[0]!.id;
  } finally {
    store.close();
  }
}

export async function seedTeamStore(bench: TeamBenchServer, workspace: string, shape: TeamBenchShape): Promise<TeamBenchDatabase> {
  const team = await bench.database('team_seeded');
  const client = await team.connect();
  try {
    await rawCopyRate(client, shape, { experimentId: benchExperimentId(workspace), owner: thisOwner(), host: thisHost() });
    await client.query('SELECT model_ledger.points_appended(id) FROM model_ledger.metric_series');
  } finally {
    await client.end();
  }
  await team.vacuum();
  return team;
}
