// A team store, as a user meets it: a PostgreSQL server (started here, testkit/postgres.ts) holds a
// teammate's runs of the experiment this workspace trains too. The user runs Connect Team Store…,
// types the URL and the password (which goes to SecretStorage); the status bar says connected, the
// teammate's runs appear beside the local ones saying whose they are, and one of each is compared.
// Screenshots of the sidebar and the compare panel, dark and light. Run by
// scripts/code-server/run-e2e.mjs (npm run test:e2e -- teamStore).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { MetricPoint } from '../../src/core/types';
import { Store } from '../../src/store/store';
import { urlWithoutPassword } from '../../src/team/connectionUrl';
import { pushToTeam } from '../../src/team/push';
import { migrateTeamSchema } from '../../src/team/schema/migrate';
import { startPostgres, type PostgresServer } from '../../testkit/postgres';
import { connectTeamClient } from '../../testkit/teamStore';
import { commitWorkspace, contextMenu, dismissHover, expand, LIGHT, openExperiments, palette, quickInput, row, selectTheme, webview, widenSidebar, type E2EContext, type E2EServerOptions } from './workbench';

const EXPERIMENT_ID = 'cifar10-resnet18';
const EXPERIMENT = 'cifar10-resnet18';
const TEAMMATE = 'bob@gpu-box';
const LOCAL_RUNS = [
  { id: 'local-lr01', name: 'lr-0.1', lr: '0.1', scale: 1.0 },
  { id: 'local-lr003', name: 'lr-0.03', lr: '0.03', scale: 1.25 },
];
const TEAMMATE_RUNS = [
  { id: 'bob-cosine', name: 'cosine-schedule', lr: '0.1', scale: 0.8 },
  { id: 'bob-warmup', name: 'warmup-5-epochs', lr: '0.1', scale: 0.9 },
];
const STEPS = 3000;
const START = Date.UTC(2026, 11, 4, 14, 0, 0);

let server: PostgresServer | undefined;

/** A training curve: the loss falls and the accuracy rises with the run's scale, with a deterministic wobble. */
function curves(scale: number, seed: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (let step = 0; step < STEPS; step++) {
    const timestamp = START + seed * 3_600_000 + step * 500;
    const wobble = 0.03 * Math.sin(step / 7 + seed) + 0.02 * Math.sin(step / 31 + 2 * seed);
    points.push({ key: 'train/loss', step, timestamp, value: scale * 2.3 * Math.exp(-step / 900) + 0.1 + wobble });
    if (step % 100 === 99) points.push({ key: 'val/acc', step, timestamp, value: 0.95 - 0.6 * Math.exp(-step / (700 * scale)) + wobble / 3 });
  }
  return points;
}

function writeRuns(store: Store, runs: typeof LOCAL_RUNS, seed: number): void {
  store.write(() => {
    const experimentId = store.experiments.upsert({ id: EXPERIMENT_ID, name: EXPERIMENT, origin: { source: 'native', id: null, path: null } });
    runs.forEach((r, i) => {
      const start = START + (seed + i) * 3_600_000;
      store.runs.upsert({
        id: r.id, experimentId, name: r.name, status: 'finished', deleted: false, startTime: start, endTime: start + STEPS * 500, git: null,
        command: 'python train.py', parentRunId: null, origin: { source: 'native', id: r.id, path: null },
      });
      store.runs.setParams(r.id, { lr: r.lr, batch_size: '128', schedule: r.name.includes('cosine') ? 'cosine' : 'step' });
      store.metrics.append(r.id, curves(r.scale, seed + i));
    });
  });
}

/** The server with the team schema and the teammate's runs pushed; the workspace with this user's runs of the same experiment. */
export async function prepare(scratch: string): Promise<E2EServerOptions> {
  server = await startPostgres({ name: 'e2e-team' });
  const client = await connectTeamClient(server);
  const teammateDir = path.join(scratch, 'teammate');
  fs.mkdirSync(teammateDir);
  const teammate = Store.open(teammateDir, { create: true });
  try {
    await migrateTeamSchema(client);
    writeRuns(teammate, TEAMMATE_RUNS, 10);
    await pushToTeam(client, teammate, { owner: TEAMMATE });
  } finally {
    teammate.close();
    await client.end();
  }
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, 'train.py'), 'print("training")\n');
  commitWorkspace(workspace, 'training code');
  const local = Store.open(workspace, { create: true });
  try {
    writeRuns(local, LOCAL_RUNS, 0);
  } finally {
    local.close();
  }
  return { workspace };
}

async function connect(page: Page, url: string, password: string): Promise<void> {
  await palette(page, 'Connect Team Store');
  const input = quickInput(page);
  await input.waitForPrompt(/PostgreSQL URL/);
  await input.type(url);
  await input.waitForPrompt(/Password for/);
  await input.type(password);
}

export async function run(context: E2EContext): Promise<void> {
  const { page, screenshot } = context;
  assert.ok(server, 'prepare() started the server');
  try {
    const experiments = await openExperiments(context, 1200, EXPERIMENT);
    // Wide enough for the owner and the key metric beside each run's name.
    await widenSidebar(page, 520);
    const url = urlWithoutPassword(server.url({ params: { sslmode: 'verify-full', sslrootcert: server.caFile } }));
    await connect(page, url, server.adminPassword);

    const status = page.locator('.part.statusbar .statusbar-item', { hasText: 'Team' });
    await status.locator('.codicon-cloud').waitFor({ timeout: 60_000 });
    const experiment = row(experiments, EXPERIMENT, 1);
    await expand(experiment);
    for (const r of [...LOCAL_RUNS, ...TEAMMATE_RUNS]) await row(experiments, r.name, 2).waitFor({ timeout: 60_000 });
    for (const r of TEAMMATE_RUNS) {
      const description = await row(experiments, r.name, 2).locator('.label-description').innerText();
      assert.ok(description.includes(TEAMMATE), `${r.name} says whose it is: ${description}`);
    }
    const localDescription = await row(experiments, LOCAL_RUNS[0]!.name, 2).locator('.label-description').innerText();
    assert.ok(!localDescription.includes('@'), `a local run names no owner: ${localDescription}`);
    await dismissHover(page);
    await screenshot('team-sidebar-dark.png', { docs: true });

    // One of this workspace's runs and one of the teammate's, compared.
    await row(experiments, LOCAL_RUNS[0]!.name, 2).click();
    await row(experiments, TEAMMATE_RUNS[0]!.name, 2).click({ modifiers: ['Control'] });
    await contextMenu(page, row(experiments, TEAMMATE_RUNS[0]!.name, 2), 'Compare Selected Runs');
    const panel = webview(page);
    const heads = panel.locator('table.compare-table th.run-head .run-name');
    await heads.nth(1).waitFor({ timeout: 60_000 });
    assert.deepEqual((await heads.allInnerTexts()).map((n) => n.trim()).sort(), [LOCAL_RUNS[0]!.name, TEAMMATE_RUNS[0]!.name].sort());
    const owners = await panel.locator('table.compare-table th.run-head .run-where').allInnerTexts();
    assert.equal(owners.filter((where) => where.includes(TEAMMATE)).length, 1, `one column names the teammate: ${owners.join(' | ')}`);
    await panel.locator('.charts .plot canvas').first().waitFor();
    // Dark: the table, whose columns say whose run each is. Light: the charts, both runs' curves side by side.
    await dismissHover(page);
    await screenshot('team-compare-dark.png', { docs: true });

    await selectTheme(page, LIGHT);
    await panel.locator('#heading-charts').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await dismissHover(page);
    await screenshot('team-compare-light.png', { docs: true });
    await palette(page, 'View: Close All Editors');
    await dismissHover(page);
    await screenshot('team-sidebar-light.png', { docs: true });
  } finally {
    server.close();
  }
}
