// team.notify_latency: a point written in one workspace's store, seen in another's. Workspace A
// appends the point and pushes (as auto-push does); the server's trigger notifies; workspace B,
// listening on the team store's channel, pulls, and the point's series shows it. Against a bare
// NOTIFY to a LISTEN on the same server.
import type pg from 'pg';
import { openTeamClient } from '../src/team/connect';
import { pullFromTeam } from '../src/team/pull';
import { pushToTeam } from '../src/team/push';
import { Store } from '../src/store/store';
import { median, percentile, type BenchResult } from './report';
import { bareNotifyLatencies } from './teamNotifyBaseline';
import type { TeamBenchDatabase } from './teamServer';
import { benchMetricKey, benchRunId, benchTimestamp, type TeamBenchShape } from './teamWorkspace';

const SAMPLES = 20;
const CHANNEL = 'model_ledger';

/** Resolves when a notification about `runId` arrives on `listener`. */
function notified(listener: pg.Client, runId: string): Promise<void> {
  return new Promise((resolve) => {
    const onNotification = (message: pg.Notification) => {
      if (message.channel !== CHANNEL || (JSON.parse(message.payload ?? '{}') as { run?: string }).run !== runId) return;
      listener.off('notification', onNotification);
      resolve();
    };
    listener.on('notification', onNotification);
  });
}

export async function benchTeamNotify(team: TeamBenchDatabase, writerWorkspace: string, readerWorkspace: string, shape: TeamBenchShape): Promise<BenchResult> {
  const sender = await team.connect();
  const bareListener = await team.connect();
  let bare: number[];
  try {
    bare = await bareNotifyLatencies(sender, bareListener, SAMPLES);
  } finally {
    await sender.end();
    await bareListener.end();
  }

  const writer = Store.open(writerWorkspace);
  const reader = Store.open(readerWorkspace);
  const [pusher, listener, puller] = await Promise.all([openTeamClient(team.url), openTeamClient(team.url), openTeamClient(team.url)]);
  const runId = benchRunId(0);
  const key = benchMetricKey(0);
  const seenCount = reader.db.prepare<[string, string], { count: number }>('SELECT count FROM metric_series WHERE run_id = ? AND key = ?');
  const latencies: number[] = [];
  try {
    await listener.query(`LISTEN ${CHANNEL}`);
    // Once before timing: the writer's runs are then known to the team store as pushed (a seeded store holds them already).
    await pushToTeam(pusher, writer);
    for (let i = 0; i < SAMPLES; i++) {
      const step = shape.steps + i;
      const expected = shape.steps + i + 1;
      const arrival = notified(listener, runId);
      const start = performance.now();
      writer.write(() => writer.metrics.append(runId, [{ key, step, timestamp: benchTimestamp(step), value: i }]));
      await pushToTeam(pusher, writer);
      await arrival;
      await pullFromTeam(puller, reader);
      const seen = seenCount.get(runId, key)?.count;
      latencies.push(performance.now() - start);
      if (seen !== expected) throw new Error(`team.notify_latency: the reader's series has ${seen} points after the pull, not ${expected}`);
    }
  } finally {
    writer.close();
    reader.close();
    await Promise.all([pusher.end(), listener.end(), puller.end()]);
  }
  const value = percentile(latencies, 0.95);
  return {
    name: 'team.notify_latency',
    value,
    unit: 'ms',
    baseline: percentile(bare, 0.95),
    ratio: value / percentile(bare, 0.95),
    note:
      `p95 of ${SAMPLES} points, each appended in workspace A's store, pushed, notified, pulled by workspace B (median ${median(latencies).toFixed(0)} ms), ` +
      `${shape.runs + 1} runs on both sides; goal p95 under 2 s; baseline: p95 of a bare pg_notify to a LISTEN (median ${median(bare).toFixed(2)} ms)`,
  };
}
