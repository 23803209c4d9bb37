import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { readCsv, writeCsv } from '../../../testkit/weatherBatches';
import { cli, type CliResult } from '../helpers/cli';
import { PROJECT_ROOT } from '../helpers/temp';
import { commit, git, makeRepo, modelFile, write } from '../registry/gitRepos';
import { scipyAnswers, type ScipyCase } from './scipyReference';

const VEGA = path.join(PROJECT_ROOT, 'node_modules', 'vega-datasets', 'data');
const seattle = readCsv(path.join(VEGA, 'seattle-weather.csv'));
const ofYear = (year: string) => ({ header: seattle.header, rows: seattle.rows.filter((r) => r[0]!.startsWith(year)) });

interface JsonColumn {
  name: string;
  kind: string;
  test: string;
  statistic: number;
  pValue: number | null;
  threshold: number;
  drift: boolean;
}
interface JsonReport {
  format: string;
  version: number;
  rows: { reference: number; current: number };
  columns: JsonColumn[];
  driftShare: number;
  datasetDrift: boolean;
}

function ok(r: CliResult): CliResult {
  assert.equal(r.code, 0, r.stderr + r.stdout);
  return r;
}

function json(r: CliResult): JsonReport {
  return JSON.parse(ok(r).stdout) as JsonReport;
}

function column(report: JsonReport, name: string): JsonColumn {
  const found = report.columns.find((c) => c.name === name);
  assert.ok(found, `no column ${name} in ${report.columns.map((c) => c.name).join(', ')}`);
  return found;
}

/** The figures that must not depend on how the reference was named (file, profile or version). */
function figures(report: JsonReport) {
  return { rows: report.rows, columns: report.columns, driftShare: report.driftShare, datasetDrift: report.datasetDrift };
}

function close(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected)), `${what}: ${actual}, SciPy ${expected}`);
}

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * A repository with Seattle's 2012 weather as data/train.csv (committed) and weather v0.0.1
 * registered with --data data/train.csv and assigned to prod; 2013 and 2015 as current batches.
 */
function weatherRepo(): string {
  const repo = makeRepo('drift-cli-');
  commit(repo, '.gitignore', 'models/\n.modelledger/\n');
  writeCsv(path.join(repo, 'data', 'train.csv'), ofYear('2012'));
  git(repo, ['add', 'data/train.csv']);
  git(repo, ['commit', '-q', '-m', 'Training data: 2012']);
  writeCsv(path.join(repo, 'incoming', '2013.csv'), ofYear('2013'));
  writeCsv(path.join(repo, 'incoming', '2015.csv'), ofYear('2015'));
  modelFile(repo, 'models/weather.pkl', 'weights 1\n');
  ok(cli(['register', 'weather', '--artifact', 'models/weather.pkl', '--data', 'data/train.csv'], repo));
  ok(cli(['assign', 'weather', 'v0.0.1', 'prod'], repo));
  return repo;
}

describe('model-ledger drift on real data (Seattle weather by year)', () => {
  let repo: string;
  before(() => {
    repo = weatherRepo();
  });

  it('file against file: the documented JSON, KS and chi-squared equal to SciPy on the same files', () => {
    const report = json(cli(['drift', '--reference', 'data/train.csv', '--current', 'incoming/2015.csv', '--json'], repo));
    assert.equal(report.format, 'model-ledger-drift');
    assert.equal(report.version, 1);
    assert.deepEqual(report.rows, { reference: 366, current: 365 });
    for (const c of report.columns) assert.deepEqual(Object.keys(c).slice(0, 7), ['name', 'kind', 'test', 'statistic', 'pValue', 'threshold', 'drift']);
    assert.deepEqual(report.columns.map((c) => [c.name, c.kind, c.test]).sort(), [
      ['precipitation', 'numerical', 'ks'],
      ['temp_max', 'numerical', 'ks'],
      ['temp_min', 'numerical', 'ks'],
      ['weather', 'categorical', 'chisquare'],
      ['wind', 'numerical', 'ks'],
    ]);
    const train = ofYear('2012');
    const current = ofYear('2015');
    const values = (table: typeof train, name: string, numeric: boolean) => table.rows.map((r) => (numeric ? Number(r[table.header.indexOf(name)]) : r[table.header.indexOf(name)]!));
    const cases: ScipyCase[] = [
      ...['precipitation', 'temp_max', 'temp_min', 'wind'].map((name) => ({ test: 'ks' as const, reference: values(train, name, true), current: values(current, name, true) })),
      { test: 'chisquare', reference: values(train, 'weather', false), current: values(current, 'weather', false) },
    ];
    const answers = scipyAnswers(cases);
    ['precipitation', 'temp_max', 'temp_min', 'wind', 'weather'].forEach((name, i) => {
      const [statistic, pValue] = answers[i]!;
      const c = column(report, name);
      close(c.statistic, statistic, 1e-6, `${name} statistic`);
      close(c.pValue!, pValue!, 1e-3, `${name} p-value`);
      assert.equal(c.threshold, 0.05);
      assert.equal(c.drift, c.pValue! < 0.05 || (c.test === 'ks' && c.pValue! <= 0.05));
    });
    const drifted = report.columns.filter((c) => c.drift).length;
    assert.equal(report.driftShare, drifted / report.columns.length);
    assert.equal(report.datasetDrift, report.driftShare >= 0.5);
    assert.ok(column(report, 'weather').drift, "2015's weather labels are not 2012's: the column drifted");
  });

  it('the version (by version, stage, latest) and the stored profile give the file\'s figures; the text report names them', () => {
    const byFile = figures(json(cli(['drift', '--reference', 'data/train.csv', '--current', 'incoming/2015.csv', '--json'], repo)));
    for (const args of [['weather@v0.0.1'], ['weather#prod'], ['weather@latest'], ['--reference', 'weather#prod']]) {
      assert.deepEqual(figures(json(cli(['drift', ...args, '--current', 'incoming/2015.csv', '--json'], repo))), byFile, args.join(' '));
    }
    const saved = ok(cli(['profile', 'data/train.csv', '--save'], repo));
    const sha256 = /^saved: ([0-9a-f]{64})$/m.exec(saved.stdout + saved.stderr)![1]!;
    assert.deepEqual(figures(json(cli(['drift', '--reference', sha256, '--current', 'incoming/2015.csv', '--json'], repo))), byFile, 'the profile sha256');

    const text = ok(cli(['drift', 'weather#prod', '--current', 'incoming/2015.csv'], repo)).stdout;
    assert.match(text, /^(DATASET DRIFT|no dataset drift): \d of 5 columns drifted/);
    assert.match(text, /reference: weather#prod \(v0\.0\.1\) \(366 rows\)\s+current: incoming\/2015\.csv \(365 rows\)/);
    assert.match(text, /^weather\s+categorical\s+chisquare\s+\S+\s+\S+\s+0\.05\s+DRIFT/m);
  });

  it('exit 0 without drift, 3 with --fail-on-drift on dataset drift; --share sets the bar', () => {
    const same = cli(['drift', 'weather@v0.0.1', '--current', 'data/train.csv', '--fail-on-drift'], repo);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /^no dataset drift: 0 of 5 columns drifted/);
    const report = json(cli(['drift', 'weather@v0.0.1', '--current', 'incoming/2015.csv', '--json'], repo));
    const drifted = report.columns.filter((c) => c.drift).length;
    assert.ok(drifted > 0);
    // A share at the drifted share is dataset drift; just above it is not.
    const atShare = cli(['drift', 'weather@v0.0.1', '--current', 'incoming/2015.csv', '--fail-on-drift', '--share', String(drifted / 5)], repo);
    assert.equal(atShare.code, 3, atShare.stderr + atShare.stdout);
    assert.match(atShare.stdout, /^DATASET DRIFT: /);
    const above = cli(['drift', 'weather@v0.0.1', '--current', 'incoming/2015.csv', '--fail-on-drift', '--share', String((drifted + 0.5) / 5)], repo);
    assert.equal(above.code, 0, above.stderr);
  });

  it('a Parquet and a JSON-lines current file give the CSV\'s figures', async () => {
    const current = ofYear('2015');
    const { parquetWriteFile } = await import('hyparquet-writer');
    const columnData = current.header.map((name, i) => {
      const text = name === 'date' || name === 'weather';
      return { name, data: current.rows.map((r) => (text ? r[i]! : Number(r[i]))), type: text ? ('STRING' as const) : ('DOUBLE' as const) };
    });
    parquetWriteFile({ filename: path.join(repo, 'incoming', '2015.parquet'), columnData, codec: 'SNAPPY', rowGroupSize: 100 });
    const lines = current.rows.map((r) => JSON.stringify(Object.fromEntries(current.header.map((name, i) => [name, name === 'date' || name === 'weather' ? r[i] : Number(r[i])]))));
    write(repo, 'incoming/2015.jsonl', lines.join('\n') + '\n');
    const byCsv = figures(json(cli(['drift', 'weather@v0.0.1', '--current', 'incoming/2015.csv', '--json'], repo)));
    for (const file of ['incoming/2015.parquet', 'incoming/2015.jsonl']) {
      assert.deepEqual(figures(json(cli(['drift', 'weather@v0.0.1', '--current', file, '--json'], repo))), byCsv, file);
    }
  });

  it('bad input exits 1 with one line saying what is wrong and what to do', () => {
    commit(repo, 'train.py', 'print("training again")\n');
    modelFile(repo, 'models/weather.pkl', 'weights 2\n');
    ok(cli(['register', 'weather', '--artifact', 'models/weather.pkl', '--version', 'v0.1.0'], repo));
    const missing = path.join(repo, 'incoming', 'missing.csv');
    for (const [args, message] of [
      [['weather@v0.1.0', '--current', 'incoming/2015.csv'], 'model-ledger drift: weather@v0.1.0 records no training data; register it with --data PATH, or check against a file with --reference PATH.'],
      [['weather@v0.0.1', '--current', 'incoming/missing.csv'], `model-ledger drift: ${missing} does not exist (ENOENT)`],
      [['weather@v0.0.1', '--current', 'incoming/2015.csv', '--share', '2'], 'model-ledger drift: --share 2 is not a share: give a number in (0, 1], e.g. 0.5.'],
      [['weather@v0.0.1', '--reference', 'data/train.csv', '--current', 'incoming/2015.csv'], 'model-ledger drift: Give the reference once: as the argument (a version) or with --reference.'],
      [['weather@v0.0.1'], 'model-ledger drift: Name the data to check with --current FILE.'],
      [['weather@v9.9.9', '--current', 'incoming/2015.csv'], 'model-ledger drift: '],
    ] as const) {
      const r = cli(['drift', ...args], repo);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.startsWith(message), `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });

  it('a fresh clone without the profile reads the registered data file, checked by its sha256', () => {
    const clone = path.join(path.dirname(repo), `${path.basename(repo)}-clone`);
    git(path.dirname(repo), ['clone', '-q', repo, clone]);
    fs.cpSync(path.join(repo, 'incoming'), path.join(clone, 'incoming'), { recursive: true });
    assert.ok(!fs.existsSync(path.join(clone, '.modelledger', 'profiles')), 'profiles are not in git here');
    const byProfile = figures(json(cli(['drift', 'weather@v0.0.1', '--current', 'incoming/2015.csv', '--json'], repo)));
    assert.deepEqual(figures(json(cli(['drift', 'weather@v0.0.1', '--current', 'incoming/2015.csv', '--json'], clone))), byProfile);

    const train = path.join(clone, 'data', 'train.csv');
    const registered = sha256Of(train);
    fs.appendFileSync(train, '2013-01-01,0.0,5.0,1.0,3.0,sun\n');
    const changed = cli(['drift', 'weather@v0.0.1', '--current', 'incoming/2015.csv'], clone);
    assert.equal(changed.code, 1);
    assert.equal(
      changed.stderr,
      `model-ledger drift: ${train} changed since it was registered as weather@v0.0.1's data (sha256 ${registered.slice(0, 12)}…, now ${sha256Of(train).slice(0, 12)}…).\n`,
    );
    fs.rmSync(train);
    const gone = cli(['drift', 'weather@v0.0.1', '--current', 'incoming/2015.csv'], clone);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^model-ledger drift: The training data of weather@v0\.0\.1 \(data\/train\.csv\) has no stored profile in .* and is not in the working tree; fetch the profiles with git, or check against a file with --reference PATH\.\n$/);
  });
});

describe('model-ledger drift: Seattle against New York (weather.csv)', () => {
  it('above 1,000 reference rows: Wasserstein and Jensen–Shannon equal to SciPy, dataset drift, exit 3', () => {
    const repo = makeRepo('drift-cities-');
    const weather = readCsv(path.join(VEGA, 'weather.csv'));
    const city = (name: string) => ({ header: weather.header.slice(1), rows: weather.rows.filter((r) => r[0] === name).map((r) => r.slice(1)) });
    writeCsv(path.join(repo, 'seattle.csv'), city('Seattle'));
    writeCsv(path.join(repo, 'new-york.csv'), city('New York'));
    const r = cli(['drift', '--reference', 'seattle.csv', '--current', 'new-york.csv', '--json', '--fail-on-drift'], repo);
    assert.equal(r.code, 3, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(report.rows, { reference: 1461, current: 1461 });
    assert.equal(report.datasetDrift, true);
    const numeric = ['precipitation', 'temp_max', 'temp_min', 'wind'];
    const values = (table: ReturnType<typeof city>, name: string) => table.rows.map((row) => row[table.header.indexOf(name)]!);
    const answers = scipyAnswers([
      ...numeric.map((name) => ({ test: 'wasserstein' as const, reference: values(city('Seattle'), name).map(Number), current: values(city('New York'), name).map(Number) })),
      { test: 'jensenshannon', kind: 'categorical', reference: values(city('Seattle'), 'weather'), current: values(city('New York'), 'weather') },
    ]);
    [...numeric, 'weather'].forEach((name, i) => {
      const c = column(report, name);
      assert.equal(c.test, name === 'weather' ? 'jensenshannon' : 'wasserstein');
      assert.equal(c.pValue, null);
      assert.equal(c.threshold, 0.1);
      close(c.statistic, answers[i]![0], 1e-6, name);
      assert.equal(c.drift, c.statistic >= 0.1);
    });
  });
});
