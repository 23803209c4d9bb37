// Builds examples/demo (or the folder given): a git repository with a few runs across two
// experiments and a registered model, written through Model Ledger's own store code.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import type { MetricPoint, RunStatus } from '../src/core/types';
import { readGitActor } from '../src/git/gitState';
import { recordStageAssignment, recordVersion } from '../src/store/registryWrites';
import { Store } from '../src/store/store';

const DAY = 24 * 3600 * 1000;
const EPOCHS = 30;

interface DemoRun {
  experiment: string;
  name: string;
  status: RunStatus;
  params: Record<string, string>;
  /** Loss falls towards this floor; accuracy rises towards 1 - floor. */
  floor: number;
  epochs?: number;
}

const RUNS: DemoRun[] = [
  { experiment: 'baseline', name: 'logreg-default', status: 'finished', params: { model: 'logreg', C: '1.0', max_iter: '200' }, floor: 0.32 },
  { experiment: 'baseline', name: 'logreg-strong-reg', status: 'finished', params: { model: 'logreg', C: '0.1', max_iter: '200' }, floor: 0.36 },
  { experiment: 'tuning', name: 'gbm-lr-0.1', status: 'finished', params: { model: 'gbm', learning_rate: '0.1', n_estimators: '300', max_depth: '4' }, floor: 0.21 },
  { experiment: 'tuning', name: 'gbm-lr-0.3', status: 'failed', params: { model: 'gbm', learning_rate: '0.3', n_estimators: '300', max_depth: '6' }, floor: 0.25, epochs: 12 },
  { experiment: 'tuning', name: 'gbm-lr-0.05', status: 'finished', params: { model: 'gbm', learning_rate: '0.05', n_estimators: '600', max_depth: '4' }, floor: 0.19 },
];

export async function makeDemo(target: string): Promise<void> {
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const git = simpleGit({ baseDir: target });
  await git.init(['--initial-branch=main']);
  await git.addConfig('user.name', 'Demo Trainer');
  await git.addConfig('user.email', 'trainer@example.com');
  write(target, 'README.md', '# Churn model\n\nA demo repository for Model Ledger.\n');
  write(target, '.gitignore', 'models/\n');
  write(target, 'train.py', 'import sys\n\n# Trains the churn classifier; see params in the run.\nprint("training", sys.argv[1:])\n');
  await git.add('.');
  await git.commit('Initial training script');

  const store = Store.open(target);
  try {
    const start = Date.UTC(2026, 10, 2, 9, 0, 0);
    let commit = '';
    for (const [index, demo] of RUNS.entries()) {
      write(target, 'train.py', `import sys\n\n# Trains the churn classifier (${demo.params.model}).\nPARAMS = ${JSON.stringify(demo.params)}\nprint("training", PARAMS)\n`);
      await git.add('.');
      await git.commit(`Train ${demo.name}`);
      commit = (await git.revparse(['HEAD'])).trim();
      logRun(store, demo, index, start + index * DAY, commit);
    }

    const artifact = 'models/churn.pkl';
    write(target, artifact, 'demo model weights\n');
    const bytes = fs.readFileSync(path.join(target, artifact));
    const actor = await readGitActor(target);
    const best = store.runs.listByExperiment(store.experiments.findByName('tuning')[0]!.id, { limit: 10 });
    for (const [i, runName] of ['gbm-lr-0.1', 'gbm-lr-0.05'].entries()) {
      const run = best.find((r) => r.name === runName)!;
      const summaries = store.metrics.summaries(run.id);
      recordVersion(
        store,
        {
          model: 'churn-classifier',
          version: `v1.${i}.0`,
          runId: run.id,
          commit: run.git!.commit,
          artifact: { path: artifact, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length },
          description: `Gradient boosting, ${runName}`,
          metrics: Object.fromEntries([...summaries].map(([k, s]) => [k, s.last])),
          createdAt: (run.endTime ?? start) + 3600_000,
          createdBy: actor,
          deregistered: false,
          origin: { source: 'demo', id: null, path: null },
        },
        actor,
      );
    }
    const at = start + RUNS.length * DAY;
    recordStageAssignment(store, { model: 'churn-classifier', version: 'v1.0.0', stage: 'prod', at, actor, origin: { source: 'demo', id: null, path: null } });
    recordStageAssignment(store, { model: 'churn-classifier', version: 'v1.1.0', stage: 'staging', at: at + 3600_000, actor, origin: { source: 'demo', id: null, path: null } });
  } finally {
    store.close();
  }
}

function logRun(store: Store, demo: DemoRun, index: number, startTime: number, commit: string): void {
  const epochs = demo.epochs ?? EPOCHS;
  const points: MetricPoint[] = [];
  for (let step = 0; step < epochs; step++) {
    const timestamp = startTime + step * 60_000;
    const loss = demo.floor + 0.7 * Math.exp(-step / 6) + 0.01 * Math.sin(step * (index + 1));
    points.push({ key: 'loss', step, timestamp, value: round(loss) });
    points.push({ key: 'val/accuracy', step, timestamp, value: round(1 - loss * 0.9) });
  }
  store.write(() => {
    const experimentId = store.experiments.upsert({ name: demo.experiment, origin: { source: 'demo', id: demo.experiment, path: null } });
    const runId = `demo${String(index + 1).padStart(4, '0')}${'0'.repeat(24)}`;
    store.runs.upsert({
      id: runId,
      experimentId,
      name: demo.name,
      status: demo.status,
      deleted: false,
      startTime,
      endTime: startTime + epochs * 60_000,
      git: { commit, branch: 'main', dirty: false },
      command: `python train.py --config ${demo.name}.yaml`,
      parentRunId: null,
      origin: { source: 'demo', id: runId, path: null },
    });
    store.runs.setParams(runId, demo.params);
    store.runs.setTags(runId, { team: 'churn', 'mlflow.note.content': `Demo run ${index + 1}` });
    store.metrics.append(runId, points);
  });
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function write(root: string, file: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), content);
}

if (require.main === module) {
  const target = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'examples', 'demo'));
  makeDemo(target).then(
    () => console.log(`Demo workspace ready at ${target}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
