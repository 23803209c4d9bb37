// Helpers of the sidebar suites (sidebar*.test.ts): an experiment of their own in the test
// workspace's store, its rows, and package.json's run menus.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Run } from '../../src/core/types';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { Store } from '../../src/store/store';
import { treeRows, waitFor, workspaceFolder, type Row } from './helpers';
import { evaluateWhen, git } from './registryHelpers';

export const EXPERIMENT = 'sidebar-suite';
export const ARTIFACT = 'sidebar-suite/model.bin';

interface SuiteRun {
  id: string;
  name: string;
  status: Run['status'];
  lr: string;
  metrics: Record<string, number>;
  deleted?: boolean;
  parent?: string;
  withCommit?: boolean;
}

/** Five runs whose params and metrics differ; one deleted at its source, one the child of another. */
export const SUITE_RUNS: SuiteRun[] = [
  { id: 'sb-alpha', name: 's-alpha', status: 'finished', lr: '0.1', metrics: { acc: 0.8, loss: 0.5 }, withCommit: true },
  { id: 'sb-beta', name: 's-beta', status: 'failed', lr: '0.01', metrics: { acc: 0.92, loss: 0.3 } },
  { id: 'sb-gamma', name: 's-gamma', status: 'running', lr: '0.01', metrics: { acc: 0.95, loss: 0.2 }, parent: 'sb-alpha' },
  { id: 'sb-delta', name: 's-delta', status: 'finished', lr: '0.001', metrics: { acc: 0.7 } },
  { id: 'sb-gone', name: 's-gone', status: 'killed', lr: '0.5', metrics: { acc: 0.1 }, deleted: true },
];

/** Writes the suite's experiment through a second connection, as the CLI or another window would. */
export async function writeSuiteExperiment(): Promise<void> {
  const folder = workspaceFolder().uri.fsPath;
  const commit = (await git('rev-parse', 'HEAD')).trim();
  fs.mkdirSync(path.join(folder, path.dirname(ARTIFACT)), { recursive: true });
  fs.writeFileSync(path.join(folder, ARTIFACT), 'weights\n');
  withStore((store) =>
    store.write(() => {
      const experimentId = store.experiments.upsert({ name: EXPERIMENT, origin: { source: 'native', id: null, path: null } });
      SUITE_RUNS.forEach((r, i) => {
        const start = Date.UTC(2026, 10, 10, 9, i);
        store.runs.upsert({
          id: r.id,
          experimentId,
          name: r.name,
          status: r.status,
          deleted: r.deleted ?? false,
          startTime: start,
          endTime: null,
          git: r.withCommit ? { commit, branch: 'main', dirty: false } : null,
          command: null,
          parentRunId: r.parent ?? null,
          origin: { source: 'native', id: r.id, path: null },
        });
        store.runs.setParams(r.id, { lr: r.lr });
        store.runs.setTags(r.id, { team: 'vision' });
        // The running run logs now: it is live, not stale (a day without data would make it so).
        const logged = r.status === 'running' ? Date.now() : start;
        store.metrics.append(r.id, Object.entries(r.metrics).map(([key, value]) => ({ key, step: 0, timestamp: logged, value })));
      });
      store.runs.addArtifact('sb-alpha', { path: ARTIFACT, sha256: null, size: 8 });
      store.runs.replaceInputs('sb-alpha', [{ path: 'data/train.csv', sha256: 'f'.repeat(64) }]);
    }),
  );
}

export function withStore<T>(work: (store: Store) => T): T {
  const store = Store.open(workspaceFolder().uri.fsPath);
  try {
    return work(store);
  } finally {
    store.close();
  }
}

export function rowsUnder(api: ModelLedgerApi, node?: TreeNode): Promise<Row[]> {
  return treeRows(api.experiments, node);
}

/** The suite's experiment row, once the view shows it. */
export function experimentRow(api: ModelLedgerApi): Promise<Row> {
  return waitFor(`${EXPERIMENT} in the Experiments view`, async () => (await rowsUnder(api)).find((r) => r.label === EXPERIMENT));
}

export async function runRows(api: ModelLedgerApi): Promise<Row[]> {
  return rowsUnder(api, (await experimentRow(api)).node);
}

export async function runRow(api: ModelLedgerApi, name: string): Promise<Row> {
  const found = (await runRows(api)).find((r) => r.label === name);
  if (!found) throw new Error(`no run row "${name}"; have ${JSON.stringify((await runRows(api)).map((r) => r.label))}`);
  return found;
}

export interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

/** The commands the Experiments view's context menu (inline buttons included) shows on a row with this contextValue. */
export function runMenu(menus: MenuItem[], contextValue: string | undefined, noGit = false): string[] {
  const context = { view: 'modelLedger.experiments', viewItem: contextValue, 'modelLedger.noGitRepository': noGit };
  return [...new Set(menus.filter((m) => evaluateWhen(m.when ?? 'true', context)).map((m) => m.command))].sort();
}
