import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CliIO } from '../../../src/cli/command';
import { EXIT_DRIFT, makeMonitorCommand } from '../../../src/cli/commands/monitor';
import { runOneCommand } from '../../../src/cli/runCli';
import type { CheckBatch } from '../../../src/monitor/checkBatch';
import { seattleWeather, fileDriftCheck, writeCsv } from '../../../testkit/weatherBatches';
import { cli } from '../helpers/cli';
import { commit, makeRepo, modelFile, write } from '../registry/gitRepos';

const year = (y: string) => seattleWeather((date) => date.startsWith(y));
const CONFIG = 'models:\n  weather:\n    stages:\n      prod:\n        batches: data/incoming/*.csv\n';

/** A repository with weather v0.0.1 in prod (registered and promoted by the CLI), its training data 2012's weather. */
function weatherRepo(): string {
  const repo = makeRepo('monitor-cli-');
  modelFile(repo, 'models/weather.pkl', 'weights 1\n');
  for (const args of [['register', 'weather', '--artifact', 'models/weather.pkl'], ['assign', 'weather', 'v0.0.1', 'prod']]) {
    const r = cli(args, repo);
    assert.equal(r.code, 0, r.stderr);
  }
  writeCsv(path.join(repo, 'data', 'train-2012.csv'), year('2012'));
  write(repo, '.modelledger/monitor.yaml', CONFIG);
  return repo;
}

/** `model-ledger monitor` in this process, with the drift engine given each version's data as a file (the registry's index is tested in monitorEngine.test.ts), its checks counted. */
async function monitor(repo: string, args: string[], check: CheckBatch): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd: repo, out: (s) => (stdout += s), err: (s) => (stderr += s) };
  const code = await runOneCommand(makeMonitorCommand(check), args, io);
  return { code, stdout, stderr };
}

describe('model-ledger monitor', () => {
  it('checks the new batches of a stage against the version holding it, once, and fails on drift when asked', async () => {
    const repo = weatherRepo();
    const checked: string[] = [];
    const engine = fileDriftCheck({ 'weather@v0.0.1': path.join(repo, 'data', 'train-2012.csv'), 'weather@v0.0.2': path.join(repo, 'data', 'train-2012.csv') });
    const check: CheckBatch = (reference, batch, rules, context) => {
      checked.push(`${reference} ${path.relative(repo, batch)}`);
      return engine(reference, batch, rules, context);
    };
    writeCsv(path.join(repo, 'data', 'incoming', '2013.csv'), year('2013'));
    writeCsv(path.join(repo, 'data', 'incoming', '2014.csv'), year('2014'));

    const first = await monitor(repo, [], check);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    const lines = first.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^STAGE\s+VERSION\s+BATCH\s+ROWS\s+SHARE\s+DATASET\s+DRIFTED COLUMNS$/);
    assert.match(lines[1]!, /^weather#prod\s+v0\.0\.1\s+data\/incoming\/2013\.csv\s+365\s+\d+% \/ 50%\s+DRIFT\s+\S/);
    assert.match(lines[2]!, /^weather#prod\s+v0\.0\.1\s+data\/incoming\/2014\.csv\s+365\s+/);
    assert.deepEqual(checked.sort(), ['weather@v0.0.1 data/incoming/2013.csv', 'weather@v0.0.1 data/incoming/2014.csv']);

    const second = await monitor(repo, [], check);
    assert.equal(second.code, 0);
    assert.match(second.stdout, /^No new batches\.\n2 batches were checked before\.\nweather#prod: its latest batch has dataset drift\.\n$/);
    assert.equal(checked.length, 2, 'nothing checked twice');
    const failing = await monitor(repo, ['--fail-on-drift'], check);
    assert.equal(failing.code, EXIT_DRIFT, 'the latest batch of prod drifted');

    // A new version holds prod: new batches are checked against it.
    commit(repo, 'train.py', 'print("training on 2013")\n');
    modelFile(repo, 'models/weather.pkl', 'weights 2\n');
    for (const args of [['register', 'weather', '--artifact', 'models/weather.pkl', '--bump', 'patch'], ['promote', 'weather', 'v0.0.2', 'prod']]) {
      const r = cli(args, repo);
      assert.equal(r.code, 0, r.stderr);
    }
    writeCsv(path.join(repo, 'data', 'incoming', '2015.csv'), year('2015'));
    const json = await monitor(repo, ['--json', '--model', 'weather'], check);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.equal(report.format, 'model-ledger-monitor');
    assert.deepEqual(report.stages.map((s: { model: string; stage: string; problem: null }) => [s.model, s.stage, s.problem]), [['weather', 'prod', null]]);
    const batches = report.stages[0].batches as { path: string; status: string; version?: string; rows?: number; driftedColumns?: { name: string }[] }[];
    assert.deepEqual(batches.map((b) => [b.path, b.status, b.version]), [
      ['data/incoming/2013.csv', 'already-checked', 'v0.0.1'],
      ['data/incoming/2014.csv', 'already-checked', 'v0.0.1'],
      ['data/incoming/2015.csv', 'checked', 'v0.0.2'],
    ]);
    assert.equal(batches[2]!.rows, 365);
    assert.ok(batches[2]!.driftedColumns!.length > 0);
    assert.equal(checked.at(-1), 'weather@v0.0.2 data/incoming/2015.csv');
  });

  it('a batch that cannot be read, or a stage no version holds, is an error on stderr and exit 1; the rest is still checked', async () => {
    const repo = weatherRepo();
    write(repo, '.modelledger/monitor.yaml', `${CONFIG}      staging:\n        batches: data/staging/*.csv\n`);
    writeCsv(path.join(repo, 'data', 'incoming', '2013.csv'), year('2013'));
    write(repo, 'data/incoming/header-only.csv', 'date,precipitation,temp_max,temp_min,wind,weather\n');
    const r = await monitor(repo, [], fileDriftCheck({ 'weather@v0.0.1': path.join(repo, 'data', 'train-2012.csv') }));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /data\/incoming\/2013\.csv/);
    const errors = r.stderr.trimEnd().split('\n');
    assert.deepEqual(errors.slice(0, 2).sort(), [
      'error: data/incoming/header-only.csv: data/incoming/header-only.csv has no rows of data: nothing to check.',
      'error: no version of "weather" holds stage "staging" (.modelledger/monitor.yaml:6): assign one (model-ledger assign weather VERSION staging), or set "reference" to a data file',
    ]);
    assert.equal(errors[2], 'model-ledger monitor: 2 stages or batches could not be checked (above); the others were.');
    assert.equal((await monitor(repo, ['--model', 'churn'], fileDriftCheck({}))).stderr, 'model-ledger monitor: .modelledger/monitor.yaml watches no model "churn" (it watches: weather).\n');
  });

  it('in a real process: a missing or broken monitor.yaml is a user error naming each problem with its line; nothing is checked', () => {
    const repo = weatherRepo();
    const help = cli(['--help'], repo);
    assert.match(help.stdout, /^ {2}monitor +Check new data batches/m);
    write(repo, '.modelledger/monitor.yaml', 'models:\n  weather:\n    stages:\n      prod:\n        batches: data/*.csv\n        columns: {wind: {test: anova}}\n        share: 2\n');
    const broken = cli(['monitor'], repo);
    assert.equal(broken.code, 1);
    assert.equal(
      broken.stderr,
      [
        '.modelledger/monitor.yaml:6:32: "test" of column "wind" of stage "prod" of model "weather" is "anova", not a test Model Ledger knows; use one of ks, chisquare, z, wasserstein, jensenshannon, psi',
        '.modelledger/monitor.yaml:7:16: "share" of stage "prod" of model "weather" is 2, out of range: the share of drifted columns that makes dataset drift is above 0 and at most 1 (default 0.5)',
        'model-ledger monitor: .modelledger/monitor.yaml has 2 problems (above); fix it and run again. Nothing was checked.',
        '',
      ].join('\n'),
    );
    write(repo, '.modelledger/monitor.yaml', 'models: {weather: {stages: {prod: {batches: "data/*.csv"}}}}\n');
    const unknown = cli(['monitor', '--model', 'nope'], repo);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'model-ledger monitor: .modelledger/monitor.yaml watches no model "nope" (it watches: weather).\n');
    const none = cli(['monitor', '-C', path.join(repo, 'data')], repo);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^model-ledger monitor: .*\/data has no \.modelledger\/monitor\.yaml; write one naming where new data lands, such as: models: \{churn: /);
  });
});
