// `model-ledger team connect|status|disconnect` in real processes against a real server: the URL is
// checked before it is saved, saved without its password, the password read from PGPASSWORD or
// ~/.pgpass, the role's rights shown, and every refusal one line that says what to do.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { openTeamClient } from '../../../src/team/connect';
import { applyTeamRoles, TEAM_ROLES_SQL } from '../../../src/team/roles';
import { migrateTeamSchema } from '../../../src/team/schema/migrate';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

describe('model-ledger team connect, status and disconnect', () => {
  let server: PostgresServer;
  let home: string;
  before(async () => {
    server = await startPostgres({ name: 'team-cli' });
    server.psql('CREATE DATABASE team');
    server.psql('CREATE DATABASE empty');
    const admin = await openTeamClient(server.url({ database: 'team', params: { sslmode: 'require' } }), { env: {} });
    try {
      await migrateTeamSchema(admin);
      await applyTeamRoles(admin);
      await admin.query("INSERT INTO model_ledger.experiments (id, name, origin_source, created_at) VALUES ('e1', 'tuning', 'runlog', 1)");
      await admin.query(
        "INSERT INTO model_ledger.runs (id, experiment_id, name, status, origin_source, owner, pushed_from) VALUES ('r1', 'e1', 'a', 'finished', 'runlog', 'alice@laptop', 'laptop'), ('r2', 'e1', 'b', 'finished', 'runlog', 'bob@gpu', 'gpu')",
      );
      await admin.query("INSERT INTO model_ledger.metric_series (run_id, key, count) VALUES ('r1', 'loss', 1200), ('r2', 'loss', 34)");
    } finally {
      await admin.end();
    }
    server.psql(`CREATE ROLE alice LOGIN PASSWORD 'alice-secret' IN ROLE model_ledger_writer;
      CREATE ROLE carol LOGIN PASSWORD 'carol-secret' IN ROLE model_ledger_reader;`);
    home = tempDir('team-cli-home-');
  });
  after(() => server?.close());

  /**
   * The CLI with no PG* variables of the caller's, HOME in a temp folder, killed (exit 124) if it has
   * not ended in 20 s: a refused connection left open would keep it alive until the server's
   * one-minute authentication timeout.
   */
  const run = (args: string[], cwd: string, env: Record<string, string> = {}) => {
    const clean = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('PG') || k === 'MODEL_LEDGER_TEAM_URL').map((k) => [k, '']));
    return cli(['team', ...args], cwd, { env: { ...clean, HOME: home, ...env }, prefix: ['timeout', '20'] });
  };
  const ok = (args: string[], cwd: string, env: Record<string, string> = {}) => {
    const r = run(args, cwd, env);
    assert.equal(r.code, 0, `team ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const refused = (args: string[], cwd: string, env: Record<string, string> = {}) => {
    const r = run(args, cwd, env);
    assert.equal(r.code, 1, `team ${args.join(' ')} should fail: ${r.stdout}`);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr}`);
    return r.stderr.trimEnd();
  };
  const verified = (user: string, database = 'team', password?: string) =>
    server.url({ user, password, database, params: { sslmode: 'verify-full', sslrootcert: server.caFile } });

  it('connect checks the URL, saves it without the password, and status then uses PGPASSWORD', () => {
    const workspace = tempDir('team-cli-ws-');
    const out = ok(['connect', verified('alice', 'team', 'alice-secret')], workspace);
    assert.match(out, new RegExp(`^Connected to alice@127\\.0\\.0\\.1:${server.port}/team\\.\\n`));
    assert.match(out, /^TLS: +certificate and host name verified against .*ca\.crt$/m);
    assert.match(out, /^Schema: +1$/m);
    assert.match(out, /^Role: +alice: read and write \(pull and push\)$/m);
    assert.match(out, /The URL's password was used for this check and not saved: put it in PGPASSWORD or in ~\/\.pgpass/);
    const saved = fs.readFileSync(path.join(workspace, '.modelledger', 'team.json'), 'utf8');
    assert.deepEqual(JSON.parse(saved), { url: verified('alice') });
    assert.doesNotMatch(saved, /alice-secret/);

    const status = ok(['status'], workspace, { PGPASSWORD: 'alice-secret' });
    assert.match(status, new RegExp(`^Team store: alice@127\\.0\\.0\\.1:${server.port}/team \\(from .*team\\.json\\)$`, 'm'));
    assert.match(status, /^Row security: +on: a writer changes only the runs it pushed \(and their rows\)$/m);
    assert.match(status, /^Runs: +2 in 1 experiment\(s\), by 2 owner\(s\)$/m);
    assert.match(status, /^Points: +1,234 in 2 metric series$/m);

    const json = JSON.parse(ok(['status', '--json'], workspace, { PGPASSWORD: 'alice-secret' })) as Record<string, unknown>;
    assert.equal(json.store, `alice@127.0.0.1:${server.port}/team`);
    assert.equal(json.sslmode, 'verify-full');
    assert.equal(json.schemaVersion, 1);
    assert.deepEqual(json.counts, { experiments: 1, runs: 2, owners: 2, series: 2, points: 1234 });
    assert.equal((json.access as { canWrite: boolean }).canWrite, true);

    assert.match(ok(['disconnect'], workspace), /^Disconnected: removed .*team\.json; runs pulled so far stay in the local store\.$/m);
    assert.equal(fs.existsSync(path.join(workspace, '.modelledger', 'team.json')), false);
    assert.match(refused(['status'], workspace), /^model-ledger team: this workspace is not connected to a team store: run "model-ledger team connect postgresql:\/\/USER@HOST\/DATABASE", or set MODEL_LEDGER_TEAM_URL, or give --url\.$/);
    assert.match(ok(['disconnect'], workspace), /^Not connected: /);
  });

  it('over a Unix socket, the ~/.pgpass hint names localhost, the host libpq matches a socket with', () => {
    const socketDir = path.join(path.dirname(server.dataDir), 'socket');
    const url = `postgresql://alice:alice-secret@/team?host=${encodeURIComponent(socketDir)}&port=${server.port}`;
    const out = ok(['connect', url], tempDir('team-cli-socket-'));
    assert.match(out, new RegExp(`in ~/\\.pgpass \\(a line localhost:${server.port}:team:alice:PASSWORD, chmod 600\\)`));
  });

  it('a read-only role connects through ~/.pgpass and is shown as read only', () => {
    const workspace = tempDir('team-cli-ws-');
    const pgpass = path.join(home, '.pgpass');
    fs.writeFileSync(pgpass, `127.0.0.1:${server.port}:team:carol:carol-secret\n`, { mode: 0o600 });
    try {
      const out = ok(['connect', verified('carol')], workspace);
      assert.match(out, /^Role: +carol: read only \(pull works, push is refused\)$/m);
      assert.doesNotMatch(out, /password was used/);
      assert.match(ok(['status'], workspace), /^Runs: +2 in 1 experiment/m);
    } finally {
      fs.rmSync(pgpass);
    }
  });

  it('refuses, without saving, a wrong password, a CA that did not sign the certificate, and a missing password', () => {
    const workspace = tempDir('team-cli-ws-');
    assert.match(refused(['connect', verified('alice', 'team', 'wrong')], workspace), /^model-ledger team: 127\.0\.0\.1:\d+ refused the password of "alice" \(password authentication failed for user "alice"\): check the password/);
    const wrongCa = path.join(workspace, 'wrong-ca.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=unrelated', '-keyout', path.join(workspace, 'wrong.key'), '-out', wrongCa], { stdio: 'ignore' });
    const withWrongCa = server.url({ user: 'alice', password: 'alice-secret', database: 'team', params: { sslmode: 'verify-full', sslrootcert: wrongCa } });
    assert.match(refused(['connect', withWrongCa], workspace), /^model-ledger team: the TLS certificate of 127\.0\.0\.1:\d+ failed verification \(.*\): sslrootcert must be the CA certificate that signed/);
    assert.match(refused(['connect', verified('alice')], workspace), /^model-ledger team: 127\.0\.0\.1:\d+ asks a password for "alice" and none was given: set PGPASSWORD, add a line 127\.0\.0\.1:\d+:team:alice:PASSWORD to .*\.pgpass \(chmod 600\)/);
    assert.equal(fs.existsSync(path.join(workspace, '.modelledger', 'team.json')), false);
  });

  it('connects to a database without a team store and says to run team init', () => {
    const workspace = tempDir('team-cli-ws-');
    const out = ok(['connect', verified(server.adminUser, 'empty', server.adminPassword)], workspace);
    assert.match(out, /^Schema: +none yet \(run "model-ledger team init"\)$/m);
    assert.match(out, /This database has no team store yet: run "model-ledger team init"/);
  });

  it('init --roles sets up the roles as the schema\'s owner, refused to others; roles prints the SQL for an administrator', () => {
    const workspace = tempDir('team-cli-ws-');
    server.psql('CREATE DATABASE fresh');
    assert.equal(ok(['roles'], workspace), TEAM_ROLES_SQL);
    const out = ok(['init', '--roles', '--url', verified(server.adminUser, 'fresh', server.adminPassword)], workspace);
    assert.match(out, /Roles model_ledger_reader and model_ledger_writer and row-level security on runs and their rows are in place/);
    assert.equal(server.psql("SELECT relrowsecurity FROM pg_class WHERE oid = 'model_ledger.run_annotations'::regclass", 'fresh').trim(), 't');
    assert.equal(server.psql("SELECT has_table_privilege('model_ledger_writer', 'model_ledger.metric_points', 'INSERT')", 'fresh').trim(), 't');
    // A writer is not the schema's owner: it may not change who may do what.
    assert.match(
      refused(['init', '--roles', '--url', verified('alice', 'fresh', 'alice-secret')], workspace),
      /^model-ledger team: only the owner of the team store's schema \(who ran "model-ledger team init"\) or a superuser may do this; "alice" may not \(must be owner of table runs\)\.$/,
    );
  });

  it('refuses a malformed URL, an unknown verb and an option of another verb', () => {
    const workspace = tempDir('team-cli-ws-');
    assert.match(refused(['connect', 'mysql://x@h/db'], workspace), /is not a PostgreSQL URL: it must start with postgresql:\/\//);
    assert.match(refused(['connect', 'postgresql://x:p@h/db?sslmode=strict'], workspace), /sslmode "strict" is not a libpq SSL mode; use one of disable, allow, prefer, require, verify-ca, verify-full\./);
    assert.match(refused(['connect', 'postgresql://x@h/db?ssl=true'], workspace), /the URL parameter "ssl" is not one Model Ledger reads; use host, port/);
    assert.match(refused(['sync'], workspace), /"sync" is not a team command; use connect, status, disconnect, init, push, pull, roles/);
    assert.match(refused(['disconnect', '--json'], workspace), /--json is not an option of "team disconnect"/);
  });
});
