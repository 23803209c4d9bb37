import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readCsv, writeCsv } from '../../../testkit/weatherBatches';
import { cli, type CliResult } from '../helpers/cli';
import { PROJECT_ROOT } from '../helpers/temp';
import { commit, git, makeRepo, modelFile, write } from '../registry/gitRepos';

const VEGA = path.join(PROJECT_ROOT, 'node_modules', 'vega-datasets', 'data');
const seattle = readCsv(path.join(VEGA, 'seattle-weather.csv'));
const weather = readCsv(path.join(VEGA, 'weather.csv'));
const year2012 = { header: seattle.header, rows: seattle.rows.filter((r) => r[0]!.startsWith('2012')) };
/** Every other day of 2012: a batch drawn from the training data itself. */
const like2012 = { header: seattle.header, rows: year2012.rows.filter((_r, i) => i % 2 === 1) };
/** New York's 2012 (weather.csv without its location column): the same columns, another climate. */
const newYork2012 = { header: weather.header.slice(1), rows: weather.rows.filter((r) => r[0] === 'New York' && r[1]!.startsWith('2012')).map((r) => r.slice(1)) };

function ok(r: CliResult): CliResult {
  assert.equal(r.code, 0, r.stderr + r.stdout);
  return r;
}

interface MonitorBatch {
  path: string;
  status: string;
  version?: string;
  rows?: number;
  datasetDrift?: boolean;
  driftedColumns?: { name: string }[];
}

/** weather v0.0.1 registered with --data (Seattle's 2012) and in prod; monitor.yaml watches data/incoming/*.csv for prod. */
function monitoredRepo(): string {
  const repo = makeRepo('monitor-engine-');
  commit(repo, '.gitignore', 'models/\n.modelledger/*\n!.modelledger/monitor.yaml\n');
  writeCsv(path.join(repo, 'data', 'train.csv'), year2012);
  git(repo, ['add', 'data/train.csv']);
  git(repo, ['commit', '-q', '-m', 'Training data: 2012']);
  modelFile(repo, 'models/weather.pkl', 'weights 1\n');
  ok(cli(['register', 'weather', '--artifact', 'models/weather.pkl', '--data', 'data/train.csv'], repo));
  ok(cli(['assign', 'weather', 'v0.0.1', 'prod'], repo));
  write(repo, '.modelledger/monitor.yaml', 'models:\n  weather:\n    stages:\n      prod:\n        batches: data/incoming/*.csv\n');
  return repo;
}

describe('model-ledger monitor with the real drift engine', () => {
  it('checks each new batch against the training data of the version in prod, once; --fail-on-drift exits 3', () => {
    const repo = monitoredRepo();
    writeCsv(path.join(repo, 'data', 'incoming', '01-like-training.csv'), like2012);
    writeCsv(path.join(repo, 'data', 'incoming', '02-new-york.csv'), newYork2012);

    const first = ok(cli(['monitor', '--json'], repo));
    const report = JSON.parse(first.stdout) as { format: string; stages: { model: string; stage: string; problem: string | null; batches: MonitorBatch[] }[] };
    assert.equal(report.format, 'model-ledger-monitor');
    assert.deepEqual(report.stages.map((s) => [s.model, s.stage, s.problem]), [['weather', 'prod', null]]);
    const [like, newYork] = report.stages[0]!.batches;
    assert.deepEqual([like!.path, like!.status, like!.version, like!.rows, like!.datasetDrift], ['data/incoming/01-like-training.csv', 'checked', 'v0.0.1', 183, false]);
    assert.deepEqual([newYork!.path, newYork!.status, newYork!.version, newYork!.rows, newYork!.datasetDrift], ['data/incoming/02-new-york.csv', 'checked', 'v0.0.1', 366, true]);

    // The figures are the drift command's for the same batch against the same version.
    for (const batch of [like!, newYork!]) {
      const drift = JSON.parse(ok(cli(['drift', 'weather#prod', '--current', batch.path, '--json'], repo)).stdout) as { columns: { name: string; drift: boolean }[]; datasetDrift: boolean };
      assert.equal(batch.datasetDrift, drift.datasetDrift, batch.path);
      assert.deepEqual(batch.driftedColumns!.map((c) => c.name).sort(), drift.columns.filter((c) => c.drift).map((c) => c.name).sort(), batch.path);
    }
    assert.ok(newYork!.driftedColumns!.length >= 3, 'New York is not Seattle');

    const second = ok(cli(['monitor'], repo));
    assert.match(second.stdout, /^No new batches\.\n2 batches were checked before\.\nweather#prod: its latest batch has dataset drift\.\n$/);
    const failing = cli(['monitor', '--fail-on-drift'], repo);
    assert.equal(failing.code, 3, failing.stderr + failing.stdout);

    // A third batch like the training data is the only one checked; prod's latest batch is then healthy.
    writeCsv(path.join(repo, 'data', 'incoming', '03-like-training.csv'), { header: seattle.header, rows: year2012.rows.filter((_r, i) => i % 2 === 0) });
    const third = cli(['monitor', '--fail-on-drift'], repo);
    assert.equal(third.code, 0, third.stderr + third.stdout);
    const lines = third.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^STAGE\s+VERSION\s+BATCH\s+ROWS\s+SHARE\s+DATASET\s+DRIFTED COLUMNS$/);
    assert.match(lines[1]!, /^weather#prod\s+v0\.0\.1\s+data\/incoming\/03-like-training\.csv\s+183\s+/);
    assert.equal(lines.filter((line) => line.startsWith('weather#prod')).length, 1, third.stdout);
  });
});
