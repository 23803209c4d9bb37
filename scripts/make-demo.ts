// Builds examples/demo (or the folder given): a git repository with a few runs across two
// experiments, written through Model Ledger's own store code, and a model registry of GTO tags
// written through src/registry, the code the CLI and the editor use, so every registry command
// works on the demo. Dates and identities are fixed: two builds make the same commits and tags,
// and the screenshots taken of the demo stay the same.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import type { MetricPoint, RunStatus } from '../src/core/types';
import { GIT_IDENTITY_ENVIRONMENT } from '../src/git/repo';
import { Registry } from '../src/registry/registry';
import { Store } from '../src/store/store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const EPOCHS = 30;
/** The first run starts at 09:00 UTC on this day; a run a day after it. */
const START = Date.UTC(2026, 10, 2, 9, 0, 0);
/** Author, committer and tagger of everything in the demo repository. */
const TRAINER = { name: 'Demo Trainer', email: 'trainer@example.com' };

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

const CLASSIFIER = 'churn-classifier';
const BASELINE = 'churn-logreg';

export async function makeDemo(target: string): Promise<void> {
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const git = simpleGit({ baseDir: target, allowEnvironment: GIT_IDENTITY_ENVIRONMENT });
  await git.init(['--initial-branch=main']);
  await git.addConfig('user.name', TRAINER.name);
  await git.addConfig('user.email', TRAINER.email);
  write(target, 'README.md', '# Churn model\n\nA demo repository for Model Ledger.\n');
  write(target, '.gitignore', 'models/\n');
  write(target, 'train.py', 'import sys\n\n# Trains the churn classifier; see params in the run.\nprint("training", sys.argv[1:])\n');
  await at(START - 17 * HOUR, () => git.add('.').then(() => git.commit('Initial training script')));

  const store = Store.open(target);
  try {
    for (const [index, demo] of RUNS.entries()) {
      const startTime = START + index * DAY;
      write(target, 'train.py', `import sys\n\n# Trains the churn classifier (${demo.params.model}).\nPARAMS = ${JSON.stringify(demo.params)}\nprint("training", PARAMS)\n`);
      await at(startTime - 10 * MINUTE, () => git.add('.').then(() => git.commit(`Train ${demo.name}`)));
      logRun(store, demo, index, startTime, (await git.revparse(['HEAD'])).trim());
    }
    await registerModels(target, store);
  } finally {
    store.close();
  }
}

/**
 * The registry's history, a week of it: the logistic baseline is staged, then taken out of staging
 * and deprecated once the first gradient-boosting version reaches prod; the second version goes to
 * prod, and prod is rolled back to the first. At the end v1.0.0 holds prod and v1.1.0 (at HEAD)
 * holds staging.
 */
async function registerModels(target: string, store: Store): Promise<void> {
  const registry = await Registry.open(target, store);
  const runId = (name: string) => runIdOf(RUNS.findIndex((r) => r.name === name));
  /** 09:00 UTC of the demo's day `day` (the first run's day is 0), plus `hours`. */
  const time = (day: number, hours: number) => START + day * DAY + hours * HOUR;

  write(target, 'models/churn-logreg.pkl', 'demo logistic regression weights\n');
  await at(time(0, 1.5), () => registry.register({ model: BASELINE, version: 'v0.1.0', runId: runId('logreg-default'), artifactPath: 'models/churn-logreg.pkl', description: 'Logistic regression, C=1.0' }));
  await at(time(0, 2), () => registry.assign(BASELINE, 'v0.1.0', 'staging'));

  // Each version's weights are in the working tree when it is registered; the last ones stay.
  write(target, 'models/churn.pkl', 'demo model weights, v1.0.0\n');
  await at(time(2, 1.5), () => registry.register({ model: CLASSIFIER, version: 'v1.0.0', runId: runId('gbm-lr-0.1'), artifactPath: 'models/churn.pkl', description: 'Gradient boosting, gbm-lr-0.1' }));
  await at(time(2, 2), () => registry.assign(CLASSIFIER, 'v1.0.0', 'staging'));
  await at(time(3, 0), () => registry.assign(CLASSIFIER, 'v1.0.0', 'prod'));
  await at(time(3, 0.25), () => registry.unassign(BASELINE, 'v0.1.0', 'staging'));
  await at(time(3, 0.5), () => registry.deprecate(BASELINE));

  write(target, 'models/churn.pkl', 'demo model weights\n');
  await at(time(4, 1.5), () => registry.register({ model: CLASSIFIER, version: 'v1.1.0', runId: runId('gbm-lr-0.05'), artifactPath: 'models/churn.pkl', description: 'Gradient boosting, gbm-lr-0.05' }));
  await at(time(4, 2), () => registry.assign(CLASSIFIER, 'v1.1.0', 'staging'));
  await at(time(5, 0), () => registry.assign(CLASSIFIER, 'v1.1.0', 'prod'));
  await at(time(5, 6), () => registry.rollback(CLASSIFIER, 'prod'));
}

/**
 * Runs `work` with git's dates (author, committer, and so tagger) at `time` and its identity fixed,
 * whatever the environment says; the environment is restored after.
 */
async function at<T>(time: number, work: () => Promise<T>): Promise<T> {
  const date = new Date(time).toISOString();
  const fixed: Record<string, string> = {
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
    GIT_AUTHOR_NAME: TRAINER.name,
    GIT_AUTHOR_EMAIL: TRAINER.email,
    GIT_COMMITTER_NAME: TRAINER.name,
    GIT_COMMITTER_EMAIL: TRAINER.email,
  };
  const saved = Object.fromEntries(Object.keys(fixed).map((key) => [key, process.env[key]]));
  Object.assign(process.env, fixed);
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

function runIdOf(index: number): string {
  return `demo${String(index + 1).padStart(4, '0')}${'0'.repeat(24)}`;
}

function logRun(store: Store, demo: DemoRun, index: number, startTime: number, commit: string): void {
  const epochs = demo.epochs ?? EPOCHS;
  const points: MetricPoint[] = [];
  for (let step = 0; step < epochs; step++) {
    const timestamp = startTime + step * MINUTE;
    const loss = demo.floor + 0.7 * Math.exp(-step / 6) + 0.01 * Math.sin(step * (index + 1));
    points.push({ key: 'loss', step, timestamp, value: round(loss) });
    points.push({ key: 'val/accuracy', step, timestamp, value: round(1 - loss * 0.9) });
  }
  store.write(() => {
    const experimentId = store.experiments.upsert({ name: demo.experiment, origin: { source: 'demo', id: demo.experiment, path: null } });
    const runId = runIdOf(index);
    store.runs.upsert({
      id: runId,
      experimentId,
      name: demo.name,
      status: demo.status,
      deleted: false,
      startTime,
      endTime: startTime + epochs * MINUTE,
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
