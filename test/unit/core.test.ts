import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatDuration, formatNumber, shortCommit } from '../../src/common/format';
import { pathInside } from '../../src/core/pathInside';
import { currentStages, stagesByVersion } from '../../src/core/stages';
import type { StageEvent } from '../../src/core/types';
import { isRunStatus } from '../../src/core/types';

const event = (version: string, stage: string, at: number, action: StageEvent['action'] = 'assign'): StageEvent => ({
  model: 'm', version, stage, action, at, actor: null,
});

describe('core: stages', () => {
  it('the latest assignment to a stage wins', () => {
    const stages = currentStages([event('v1', 'prod', 1), event('v2', 'prod', 2), event('v1', 'staging', 3)]);
    assert.deepEqual(Object.fromEntries(stages), { prod: 'v2', staging: 'v1' });
  });

  it('unassigning the holder gives the stage back to the previous assignee still assigned', () => {
    const stages = currentStages([event('v1', 'prod', 1), event('v2', 'prod', 2), event('v2', 'prod', 3, 'unassign')]);
    assert.deepEqual(Object.fromEntries(stages), { prod: 'v1' });
  });

  it('a stage whose every version was unassigned is empty', () => {
    assert.equal(currentStages([event('v1', 'dev', 1), event('v1', 'dev', 2, 'unassign')]).size, 0);
  });

  it('lists each version\'s stages, sorted', () => {
    const byVersion = stagesByVersion([event('v1', 'staging', 1), event('v1', 'prod', 2), event('v2', 'dev', 3)]);
    assert.deepEqual(Object.fromEntries(byVersion), { v1: ['prod', 'staging'], v2: ['dev'] });
  });
});

describe('core: formats', () => {
  it('formats numbers for narrow columns', () => {
    assert.equal(formatNumber(0.123456), '0.1235');
    assert.equal(formatNumber(42), '42');
    assert.equal(formatNumber(1.5e-7), '1.500e-7');
    assert.equal(formatNumber(Number.NaN), 'NaN');
    assert.equal(formatNumber(Number.NEGATIVE_INFINITY), '-∞');
    assert.equal(formatNumber(null), '—');
  });

  it('formats durations and commits', () => {
    assert.equal(formatDuration(450), '450 ms');
    assert.equal(formatDuration(125_000), '2 min 5 s');
    assert.equal(formatDuration(3 * 3600_000 + 60_000), '3 h 1 min');
    assert.equal(shortCommit('0123456789abcdef'), '01234567');
    assert.equal(shortCommit(null), '—');
  });

  it('knows the five run statuses', () => {
    for (const s of ['running', 'scheduled', 'finished', 'failed', 'killed']) assert.ok(isRunStatus(s));
    assert.equal(isRunStatus('FINISHED'), false);
    assert.equal(isRunStatus(3), false);
  });
});

describe('pathInside', () => {
  it('gives the path inside a root, and null outside it', () => {
    assert.equal(pathInside('/ws', '/ws'), '');
    assert.equal(pathInside('/ws', '/ws/mlruns/0'), path.join('mlruns', '0'));
    assert.equal(pathInside('/ws', '/ws/..cache/model.pkl'), path.join('..cache', 'model.pkl'), 'a name starting with ".." is inside');
    assert.equal(pathInside('/ws', '/'), null);
    assert.equal(pathInside('/ws', '/ws-other/x'), null);
    assert.equal(pathInside('/ws', '/ws/../etc/passwd'), null);
  });
});
