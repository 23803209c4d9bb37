import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isUserError } from '../../../src/core/errors';
import { sideFromProfile } from '../../../src/core/profile/sideFromProfile';
import { profileFile } from '../../../src/data/profileFile';
import { loadProfile, profilePath, saveProfile } from '../../../src/data/profileFiles';
import { sideFromFile } from '../../../src/data/sideFromFile';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';

const VEGA = path.join(PROJECT_ROOT, 'node_modules', 'vega-datasets', 'data');

describe('profiles on disk', () => {
  it('are saved under the sha256 of their bytes and load back equal', async () => {
    const workspace = tempDir();
    const profile = await profileFile(path.join(VEGA, 'seattle-weather.csv'), 'data/seattle-weather.csv');
    const saved = saveProfile(workspace, profile);
    const bytes = fs.readFileSync(saved.path);
    assert.equal(saved.path, path.join(workspace, '.modelledger', 'profiles', `${saved.sha256}.json`));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), saved.sha256);
    assert.deepEqual(loadProfile(workspace, saved.sha256), profile);
    assert.deepEqual(saveProfile(workspace, profile), saved, 'the same profile saved again is the same file');
    assert.deepEqual(fs.readdirSync(path.dirname(saved.path)), [`${saved.sha256}.json`], 'no temporary file is left');
  });

  it('a damaged, edited or missing profile is an error saying which and what to do', async () => {
    const workspace = tempDir();
    const profile = await profileFile(path.join(VEGA, 'unemployment.tsv'));
    const { sha256, path: file } = saveProfile(workspace, profile);
    const rejects = (pattern: RegExp, hash = sha256) =>
      assert.throws(() => loadProfile(workspace, hash), (error: Error) => isUserError(error) && pattern.test(error.message));

    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 500));
    rejects(new RegExp(`The profile ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged: its bytes no longer match its sha256`));

    // A file whose name is its hash but whose shape is not a profile's (rows that do not add up).
    const edited = JSON.stringify({ ...profile, rows: profile.rows + 1 });
    const editedHash = createHash('sha256').update(edited).digest('hex');
    fs.writeFileSync(profilePath(workspace, editedHash), edited);
    rejects(/is damaged: column 1: "id": count and nulls do not add up to the 3219 rows/, editedHash);

    rejects(/No profile 0{64} in .*profile the data again/, '0'.repeat(64));
    rejects(/"abc" is not a profile's sha256/, 'abc');
  });
});

describe('drift sides', () => {
  it('from a file and from its profile are the same when the profile holds every value', async () => {
    const file = path.join(VEGA, 'seattle-weather.csv');
    const fromFile = await sideFromFile(file);
    const fromProfile = sideFromProfile(await profileFile(file), { label: file, sha256: fromFile.sha256 });
    assert.deepEqual(fromProfile, fromFile);
    const weather = fromFile.columns.find((c) => c.name === 'weather')!;
    assert.equal([...weather.categories!.values()].reduce((a, b) => a + b, 0), fromFile.rows);
  });

  it('from a file above the limits: every value, exact; from its profile: the sample, marked estimated', async () => {
    const rows = JSON.parse(fs.readFileSync(path.join(VEGA, 'flights-20k.json'), 'utf8')) as { delay: number; distance: number; origin: string }[];
    const file = path.join(tempDir(), 'flights.jsonl');
    // A column of 20,000 distinct numbers: past DISTINCT_LIMIT, so the profile keeps only its sample.
    fs.writeFileSync(file, rows.map((r, i) => JSON.stringify({ ...r, id: i * 1.5, bad: i % 1000 === 0 ? 'NaN' : i })).join('\n'));
    const fromFile = await sideFromFile(file);
    const id = fromFile.columns.find((c) => c.name === 'id')!;
    assert.equal(id.exact, true);
    assert.deepEqual(Array.from(id.numbers!.values), rows.map((_, i) => i * 1.5));
    assert.ok(id.numbers!.counts.every((c) => c === 1));
    const fromProfile = sideFromProfile(await profileFile(file));
    const sampled = fromProfile.columns.find((c) => c.name === 'id')!;
    assert.equal(sampled.exact, false);
    assert.equal(sampled.numbers!.values.length, 10_000);
    const origin = fromProfile.columns.find((c) => c.name === 'origin')!;
    assert.equal(origin.exact, true, 'a column with few distinct values keeps exact counts');
    assert.deepEqual(origin.categories, fromFile.columns.find((c) => c.name === 'origin')!.categories);
  });

  it('NaN and ±Inf never enter the numbers', async () => {
    const file = path.join(tempDir(), 'nonfinite.csv');
    fs.writeFileSync(file, 'x\n1\nNaN\ninf\n2\n-inf\n2\n');
    for (const side of [await sideFromFile(file), sideFromProfile(await profileFile(file))]) {
      const x = side.columns[0]!;
      assert.deepEqual([Array.from(x.numbers!.values), Array.from(x.numbers!.counts), x.count], [[1, 2], [1, 2], 6]);
    }
  });
});
