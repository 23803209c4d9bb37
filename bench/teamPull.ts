// team.pull_1k_runs: `team pull` of a team store holding the pushed workspace into an empty
// workspace (runs, summaries and coarse pyramid levels, no points), with the bytes it received.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type pg from 'pg';
import { openTeamClient } from '../src/team/connect';
import { pullFromTeam } from '../src/team/pull';
import { Store } from '../src/store/store';
import type { BenchResult } from './report';
import { rawPullRead } from './teamPullBaseline';
import type { TeamBenchDatabase } from './teamServer';
import { workspacePoints, type TeamBenchShape } from './teamWorkspace';

/** Bytes the client's socket has received so far (TLS records included). */
function bytesReceived(client: pg.Client): number {
  return (client as unknown as { connection: { stream: { bytesRead: number } } }).connection.stream.bytesRead;
}

/** Pulls into a new workspace, which the caller removes; also the benchmark's result. */
export async function benchTeamPull(team: TeamBenchDatabase, shape: TeamBenchShape): Promise<{ result: BenchResult; workspace: string }> {
  const raw = await team.connect();
  let baseline: { seconds: number; bytes: number };
  try {
    baseline = await rawPullRead(raw);
  } finally {
    await raw.end();
  }

  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-team-pull-'));
  const store = Store.open(workspace);
  const client = await openTeamClient(team.url);
  let seconds: number;
  let bytes: number;
  try {
    const before = bytesReceived(client);
    const start = performance.now();
    const report = await pullFromTeam(client, store);
    seconds = (performance.now() - start) / 1000;
    bytes = bytesReceived(client) - before;
    const expected = shape.runs + 1;
    if (report.runsPulled !== expected) throw new Error(`team.pull_1k_runs pulled ${report.runsPulled} runs, not ${expected}`);
  } finally {
    store.close();
    await client.end();
  }
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  return {
    workspace,
    result: {
      name: 'team.pull_1k_runs',
      value: seconds,
      unit: 's',
      baseline: baseline.seconds,
      ratio: seconds / baseline.seconds,
      note:
        `${shape.runs + 1} runs, ${(shape.runs * shape.metrics + 1).toLocaleString('en-US')} series of ${workspacePoints(shape).toLocaleString('en-US')} points into an empty workspace: ` +
        `${mb(bytes)} received, local store ${mb(fs.statSync(path.join(workspace, '.modelledger', 'ledger.db')).size)}; goal under 10 s; ` +
        `baseline: the same rows (runs, params, tags, inputs, summaries, pyramid levels of <= 1,024 summaries) read raw with binary COPY, ${mb(baseline.bytes)}`,
    },
  };
}
