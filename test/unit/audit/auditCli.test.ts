import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { storePath } from '../../../src/store/paths';
import { cli, cliOk as ok } from '../helpers/cli';
import { commit, makeRepo, modelFile } from '../registry/gitRepos';

describe('cli: model-ledger audit', () => {
  it('verifies the chain the registry commands wrote, lists with filters, and reports a broken link with exit 4', () => {
    const repo = makeRepo('audit-cli-');
    modelFile(repo, 'models/churn.pkl', 'weights 1\n');
    ok(['register', 'churn', '--artifact', 'models/churn.pkl'], repo);
    commit(repo, 'train.py', 'print("v2")\n');
    ok(['register', 'churn', '--bump', 'minor', '--artifact', 'models/churn.pkl'], repo);
    ok(['assign', 'churn', 'v0.0.1', 'prod'], repo);
    ok(['assign', 'churn', 'v0.1.0', 'staging'], repo);

    assert.equal(ok(['audit', 'verify'], repo), "OK: the audit log's 4 entries chain unbroken.\n");
    assert.deepEqual(JSON.parse(ok(['audit', 'verify', '--json'], repo)), { ok: true, count: 4 });

    const prod = JSON.parse(ok(['audit', 'list', '--stage', 'prod', '--json'], repo)) as { action: string; target: string }[];
    assert.deepEqual(prod.map((e) => [e.action, e.target]), [['stage.assign', 'churn#prod']]);
    const table = ok(['audit', 'list', '--model', 'churn'], repo).trimEnd().split('\n');
    assert.match(table[0]!, /^ID\s+TIME \(UTC\)\s+ACTION\s+TARGET\s+BY\s+CHANGE$/);
    assert.equal(table.length, 5);
    assert.equal(JSON.parse(ok(['audit', 'list', '--until', '2000-01-01', '--json'], repo)).length, 0);
    assert.equal(JSON.parse(ok(['audit', 'list', '--actor', 'ADA', '--since', '2000-01-01', '--json'], repo)).length, 4);

    // An attacker with the file rewrites who assigned prod, lifting the trigger for a moment.
    const db = new Database(storePath(repo));
    db.exec(`DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET actor = 'Someone Else <else@example.com>' WHERE action = 'stage.assign' AND target = 'churn#prod';
             CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`);
    db.close();
    const broken = cli(['audit', 'verify'], repo);
    assert.equal(broken.code, 4);
    assert.equal(broken.stdout, '');
    assert.match(broken.stderr, /^error: the audit log's chain breaks at entry 3: its content no longer matches its hash \(stored [0-9a-f]{64}, content hashes to [0-9a-f]{64}\): the entry was changed, or written without Model Ledger\. 2 of 4 entries before it check out\.\n$/);
    const brokenJson = cli(['audit', 'verify', '--json'], repo);
    assert.equal(brokenJson.code, 4);
    const report = JSON.parse(brokenJson.stdout);
    assert.deepEqual([report.ok, report.count, report.checked, report.broken.id, report.broken.kind], [false, 4, 2, 3, 'content']);
  });

  it('says what was wrong with bad arguments', () => {
    const repo = makeRepo('audit-cli-');
    ok(['init'], repo);
    for (const [args, message] of [
      [['audit', 'check'], /"check" is not an audit command; use "model-ledger audit verify" or "model-ledger audit list"/],
      [['audit', 'verify', '--model', 'churn'], /--model filters "audit list"; "audit verify" always checks the whole log/],
      [['audit', 'list', '--since', 'yesterday'], /--since "yesterday" is not a date/],
    ] as const) {
      const r = cli([...args], repo);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, message);
    }
    assert.deepEqual(JSON.parse(ok(['audit', 'verify', '--json'], repo)), { ok: true, count: 0 });
  });
});
