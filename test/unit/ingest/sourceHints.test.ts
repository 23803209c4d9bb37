import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hasSourceHints } from '../../../src/ingest/sourceHints';
import { copyFixture } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';

describe('source hints: the cheap start-up check', () => {
  it('sees a store at the top or one folder down in real projects', () => {
    assert.equal(hasSourceHints(copyFixture('Tom-source__opdracht')), true, 'mlruns/ at the top');
    assert.equal(hasSourceHints(copyFixture('silver6wings__MLFlowSample', 'src')), true, 'src/mlruns/');
    assert.equal(hasSourceHints(copyFixture('CoffeeMugTwo__dvc_dqn_test')), true, 'DVCLive');
    assert.equal(hasSourceHints(copyFixture('03sarath__MLFlow-LLM-Evaluation')), true, 'mlflow.db');
  });

  it('says no for an ordinary project, and for a source deeper than two levels (left to the full discovery)', () => {
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, 'src', 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'README.md'), '# project\n');
    fs.writeFileSync(path.join(ws, 'src', 'pkg', 'train.py'), 'print(1)\n');
    assert.equal(hasSourceHints(ws), false);
    fs.mkdirSync(path.join(ws, 'src', 'pkg', 'mlruns'));
    assert.equal(hasSourceHints(ws), false);
    fs.mkdirSync(path.join(ws, '.modelledger'));
    assert.equal(hasSourceHints(ws), true, 'a store of its own');
  });

  it('never looks into node_modules', () => {
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, 'node_modules', 'mlruns'), { recursive: true });
    assert.equal(hasSourceHints(ws), false);
  });
});
