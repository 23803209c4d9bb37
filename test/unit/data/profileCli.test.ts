import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { DataProfile } from '../../../src/core/profile/types';
import { storePath } from '../../../src/store/paths';
import { cli } from '../helpers/cli';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';
import { pythonReference } from './pythonReference';

const SEATTLE = path.join(PROJECT_ROOT, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');

/** A workspace with seattle-weather.csv copied into data/. */
function workspaceWithData(): string {
  const workspace = tempDir();
  fs.mkdirSync(path.join(workspace, 'data'));
  fs.copyFileSync(SEATTLE, path.join(workspace, 'data', 'weather.csv'));
  return workspace;
}

describe('model-ledger profile', () => {
  it('prints a row per column: kind, counts, range, mean, std and top values', () => {
    const workspace = workspaceWithData();
    const r = cli(['profile', 'data/weather.csv'], workspace);
    assert.equal(r.code, 0, r.stderr);
    const reference = pythonReference(SEATTLE, 'csv');
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, new RegExp(`^data/weather\\.csv: ${reference.rows} rows, 6 columns, csv, sha256 [0-9a-f]{12}…$`));
    assert.deepEqual(lines[2]!.split(/\s{2,}/), ['COLUMN', 'KIND', 'COUNT', 'NULLS', 'MIN', 'MAX', 'MEAN', 'STD', 'TOP']);
    const tempMax = reference.columns.find((c) => c.name === 'temp_max')!;
    const row = lines.find((line) => line.startsWith('temp_max '))!.split(/\s{2,}/);
    assert.deepEqual(row.slice(0, 6), ['temp_max', 'numerical', String(tempMax.count), '0', String(tempMax.numeric!.min), String(tempMax.numeric!.max)]);
    assert.equal(Number(row[6]), Number(tempMax.numeric!.mean.toPrecision(4)));
    const weather = reference.columns.find((c) => c.name === 'weather')!;
    const top = weather.valueCounts.slice(0, 3).map(([value, count]) => `${value} (${count})`).join(', ');
    assert.match(r.stdout, new RegExp(`^weather\\s+categorical\\s+${weather.count}\\s+0\\s+${top.replace(/[()]/g, '\\$&')}$`, 'm'));
    assert.ok(!fs.existsSync(path.join(workspace, '.modelledger')), 'without --save nothing is written');
  });

  it('--json prints the profile; --save stores it by hash and indexes it in the store', () => {
    const workspace = workspaceWithData();
    const r = cli(['profile', 'data/weather.csv', '--json', '--save'], workspace);
    assert.equal(r.code, 0, r.stderr);
    const profile = JSON.parse(r.stdout) as DataProfile;
    assert.equal(profile.format, 'model-ledger-profile');
    assert.equal(profile.source.path, 'data/weather.csv');
    const sha256 = /^saved: ([0-9a-f]{64})$/m.exec(r.stderr)![1]!;
    const stored = fs.readFileSync(path.join(workspace, '.modelledger', 'profiles', `${sha256}.json`), 'utf8');
    assert.deepEqual(JSON.parse(stored), profile);
    const db = new Database(storePath(workspace), { readonly: true });
    try {
      assert.deepEqual(db.prepare('SELECT sha256, source_path, source_sha256, bytes, format, rows, columns FROM data_profiles').all(), [
        { sha256, source_path: 'data/weather.csv', source_sha256: profile.source.sha256, bytes: fs.statSync(SEATTLE).size, format: 'csv', rows: profile.rows, columns: 6 },
      ]);
    } finally {
      db.close();
    }
    const again = cli(['profile', 'data/weather.csv', '--save'], workspace);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`\nsaved: ${sha256}\n$`), 'the same data gives the same profile, the same hash');
  });

  it('lists the issues of a file with their row and column', () => {
    const workspace = tempDir();
    fs.writeFileSync(path.join(workspace, 'ragged.csv'), 'a,b\n1,2\n3\n4,NaN\n');
    const r = cli(['profile', 'ragged.csv'], workspace);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\nIssues:\nROW\s+COLUMN\s+ISSUE\n2\s+has 1 cells where the header has 2: the missing cells are read as empty\n3\s+b\s+1 NaN, 0 \+inf and 0 -inf cells/);
  });

  it('a bad file exits 1 with one line naming it and what is wrong', () => {
    const workspace = tempDir();
    fs.writeFileSync(path.join(workspace, 'empty.csv'), '');
    fs.writeFileSync(path.join(workspace, 'notes.txt'), 'a,b\n');
    fs.writeFileSync(path.join(workspace, 'broken.parquet'), 'PAR1 not really');
    for (const [file, words] of [
      ['empty.csv', 'is empty: it has no header and no rows'],
      ['notes.txt', 'is not a data file Model Ledger reads'],
      ['broken.parquet', 'cannot be read as Parquet'],
      ['missing.csv', 'does not exist (ENOENT)'],
    ] as const) {
      const r = cli(['profile', file], workspace);
      assert.equal(r.code, 1, `${file}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.startsWith(`model-ledger profile: ${path.join(workspace, file)} ${words}`), r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });
});
