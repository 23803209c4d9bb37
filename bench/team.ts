// The team store's benchmarks (issue 15, part 9), on one harness PostgreSQL server and one data set:
// push, then pull of what was pushed, zoom into it, and a point's way from one workspace to another.
import * as fs from 'node:fs';
import type { BenchResult } from './report';
import { benchTeamNotify } from './teamNotify';
import { benchTeamPull } from './teamPull';
import { benchTeamPush } from './teamPush';
import { seedTeamStore } from './teamSeed';
import { startTeamBenchServer } from './teamServer';
import { benchTeamZoom } from './teamZoom';
import { makeBenchWorkspace, type TeamBenchShape } from './teamWorkspace';

function runsFrom(variable: string, fallback: number): number {
  const runs = Number(process.env[variable] ?? fallback);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`${variable} must be a whole number of runs, not ${process.env[variable]}`);
  return runs;
}

/**
 * 1,000 runs × 10 metrics × 1,000 steps: 10 M points. `MODEL_LEDGER_BENCH_TEAM_RUNS` makes a quicker
 * run while others work; `MODEL_LEDGER_BENCH_TEAM_PUSH_RUNS` measures push at a smaller size than the
 * rest, which then read a team store filled without push (bench/teamSeed.ts).
 */
function benchShapes(): { all: TeamBenchShape; push: TeamBenchShape } {
  const runs = runsFrom('MODEL_LEDGER_BENCH_TEAM_RUNS', 1000);
  return { all: { runs, metrics: 10, steps: 1000 }, push: { runs: runsFrom('MODEL_LEDGER_BENCH_TEAM_PUSH_RUNS', runs), metrics: 10, steps: 1000 } };
}

export async function benchTeam(): Promise<BenchResult[]> {
  const shapes = benchShapes();
  const workspace = makeBenchWorkspace(shapes.all);
  const folders = [workspace];
  const bench = await startTeamBenchServer();
  try {
    const pushWorkspace = shapes.push.runs === shapes.all.runs ? workspace : makeBenchWorkspace(shapes.push);
    if (pushWorkspace !== workspace) folders.push(pushWorkspace);
    const push = await benchTeamPush(bench, pushWorkspace, shapes.push);
    // A server keeps its tables vacuumed and analysed (autovacuum): the state a teammate reads.
    const team = pushWorkspace === workspace ? push.team : await seedTeamStore(bench, workspace, shapes.all);
    if (team === push.team) await team.vacuum();
    const pull = await benchTeamPull(team, shapes.all);
    folders.push(pull.workspace);
    const zoom = await benchTeamZoom(team, workspace);
    const notify = await benchTeamNotify(team, workspace, pull.workspace, shapes.all);
    return [push.result, pull.result, notify, zoom];
  } finally {
    bench.close();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  }
}
