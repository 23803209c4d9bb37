// The team store's benchmarks (issue 15, part 9), on one harness PostgreSQL server and one data set:
// push, then pull of what was pushed, zoom into it, and a point's way from one workspace to another.
import * as fs from 'node:fs';
import type { BenchResult } from './report';
import { benchTeamNotify } from './teamNotify';
import { benchTeamPull } from './teamPull';
import { benchTeamPush } from './teamPush';
import { startTeamBenchServer } from './teamServer';
import { benchTeamZoom } from './teamZoom';
import { makeBenchWorkspace, type TeamBenchShape } from './teamWorkspace';

/** 1,000 runs × 10 metrics × 1,000 steps: 10 M points. `MODEL_LEDGER_BENCH_TEAM_RUNS` makes a quicker run while others work. */
function benchShape(): TeamBenchShape {
  const runs = Number(process.env.MODEL_LEDGER_BENCH_TEAM_RUNS ?? 1000);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`MODEL_LEDGER_BENCH_TEAM_RUNS must be a whole number of runs, not ${process.env.MODEL_LEDGER_BENCH_TEAM_RUNS}`);
  return { runs, metrics: 10, steps: 1000 };
}

export async function benchTeam(): Promise<BenchResult[]> {
  const shape = benchShape();
  const folders = [makeBenchWorkspace(shape)];
  const bench = await startTeamBenchServer();
  try {
    const push = await benchTeamPush(bench, folders[0]!, shape);
    const pull = await benchTeamPull(push.team, shape);
    folders.push(pull.workspace);
    const zoom = await benchTeamZoom(push.team, folders[0]!);
    const notify = await benchTeamNotify(push.team, folders[0]!, pull.workspace, shape);
    return [push.result, pull.result, notify, zoom];
  } finally {
    bench.close();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  }
}
