// Faults in where the store and the workspace are: each is the user's to fix, so each exits 1
// with one line saying what is wrong and what to do, and nothing is made where it should not be.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { storePath } from '../../../src/store/paths';
import { makeRepo } from '../registry/gitRepos';
import { cli, type CliResult } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

/** A user-fixable fault: exit 1 and one line, `model-ledger COMMAND: …`, matching `message`. */
function assertUserFault(r: CliResult, command: string, message: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.ok(r.stderr.startsWith(`model-ledger ${command}: `), r.stderr);
  assert.match(r.stderr.trimEnd(), message);
}

describe('faults: the store path', () => {
  it('.modelledger/ledger.db being a folder is named, for reads and writes', () => {
    const ws = tempDir();
    fs.mkdirSync(storePath(ws), { recursive: true });
    for (const command of ['status', 'runs', 'export', 'import', 'init']) {
      assertUserFault(cli([command], ws), command, /ledger\.db is a folder, not a Model Ledger store; move it away/);
    }
    assert.ok(fs.statSync(storePath(ws)).isDirectory(), 'left as it was');
  });

  it('.modelledger being a file is named, and left as it was', () => {
    const ws = tempDir();
    fs.writeFileSync(path.join(ws, '.modelledger'), 'notes');
    for (const command of ['init', 'import', 'status']) {
      assertUserFault(cli([command], ws), command, /\.modelledger is a file, but Model Ledger keeps its store in a folder of that name; move the file away/);
    }
    assert.equal(fs.readFileSync(path.join(ws, '.modelledger'), 'utf8'), 'notes');
  });
});

describe('faults: --workspace', () => {
  it('a missing folder is refused by every command, and not created', () => {
    const missing = path.join(tempDir(), 'not', 'there');
    for (const args of [['init'], ['import'], ['status'], ['runs'], ['register', 'churn', '--artifact', 'm.pkl'], ['history', 'churn'], ['assign', 'churn', 'v1.0.0', 'prod']]) {
      const r = cli([...args, '--workspace', missing], tempDir());
      assertUserFault(r, args[0]!, new RegExp(`--workspace ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not exist; name an existing folder`));
    }
    assert.equal(fs.existsSync(path.dirname(missing)), false, 'no parent folder made');
  });

  it('a file is refused by every command', () => {
    const file = path.join(tempDir(), 'model.pkl');
    fs.writeFileSync(file, 'weights');
    for (const args of [['init'], ['import'], ['models'], ['register', 'churn', '--artifact', file], ['verify', 'churn', 'v1.0.0']]) {
      assertUserFault(cli([...args, '--workspace', file], tempDir()), args[0]!, /is a file, not a folder; name the workspace folder/);
    }
  });

  it('init makes only .modelledger/ inside an existing folder', () => {
    const ws = tempDir();
    const r = cli(['init', '--workspace', ws], tempDir());
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fs.readdirSync(ws), ['.modelledger']);
    assert.deepEqual(fs.readdirSync(path.join(ws, '.modelledger')).sort(), ['.gitignore', 'ledger.db']);
  });

  it('registry commands in a real repository still work with --workspace', () => {
    const repo = makeRepo('faults-ws-');
    const r = cli(['models', '--workspace', repo], tempDir());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^MODEL\s+VERSION/);
  });
});

describe('faults: export --output', () => {
  it('a rename that fails names the path and leaves no temporary file', () => {
    const ws = tempDir();
    assert.equal(cli(['init'], ws).code, 0);
    fs.mkdirSync(path.join(ws, 'ledger.json'));
    const r = cli(['export', '--output', 'ledger.json'], ws);
    assertUserFault(r, 'export', new RegExp(`${path.join(ws, 'ledger.json')} is a folder, not a file \\(EISDIR\\); name a file\\.$`));
    assert.deepEqual(fs.readdirSync(ws).sort(), ['.modelledger', 'ledger.json']);
    assert.deepEqual(fs.readdirSync(path.join(ws, 'ledger.json')), []);
  });

  it('a missing folder is named as the folder', () => {
    const ws = tempDir();
    assert.equal(cli(['init'], ws).code, 0);
    const r = cli(['export', '--output', path.join('no', 'such', 'ledger.json')], ws);
    assertUserFault(r, 'export', new RegExp(`${path.join(ws, 'no', 'such')} does not exist \\(ENOENT\\); check the path\\.$`));
  });
});
