// Access through the real product path: `model-ledger` processes connecting as three people.
// Alice (a writer) pushes a real MLflow store's runs; Carol (read-only) pulls them and her push
// is refused in one line before anything is written; Bob (a writer too) pulls them, renames one
// of Alice's runs, and row-level security keeps his rename in his own workspace.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { cli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';

describe('team store access, as a writer, a reader and a second writer', () => {
  let server: PostgresServer;
  let alice: string;
  before(async () => {
    server = await startPostgres({ name: 'team-access-cli' });
    server.psql('CREATE DATABASE team');
    server.psql(`CREATE ROLE alice LOGIN PASSWORD 'alice-secret';
      CREATE ROLE bob LOGIN PASSWORD 'bob-secret';
      CREATE ROLE carol LOGIN PASSWORD 'carol-secret';`);
    const init = cli(['team', 'init', '--roles', '--url', urlOf(server.adminUser)], tempDir(), { env: { PGPASSWORD: server.adminPassword } });
    assert.equal(init.code, 0, init.stderr);
    server.psql('GRANT model_ledger_writer TO alice, bob; GRANT model_ledger_reader TO carol;');

    alice = copyFixture('chopinlab__mlflow-practice');
    connect(alice, 'alice');
    const pushed = as('alice', ['team', 'push', '--quiet'], alice);
    assert.equal(pushed.code, 0, pushed.stderr);
  });
  after(() => server?.close());

  function urlOf(user: string): string {
    return server.url({ user, password: undefined, database: 'team', params: { sslmode: 'verify-full', sslrootcert: server.caFile } });
  }
  /** The CLI as `user`: the password from PGPASSWORD, as a script or CI job would give it. */
  function as(user: string, args: string[], cwd: string) {
    return cli(args, cwd, { env: { PGPASSWORD: `${user}-secret`, PGUSER: '', PGHOST: '', PGSSLMODE: '', MODEL_LEDGER_TEAM_URL: '' } });
  }
  function connect(workspace: string, user: string): void {
    const r = as(user, ['team', 'connect', urlOf(user)], workspace);
    assert.equal(r.code, 0, r.stderr);
  }
  /** The workspace's runs as `model-ledger runs --json` lists them: the first by id, and how many. */
  function firstRun(workspace: string): { id: string; name: string; runs: number } {
    const listed = cli(['runs', '--json'], workspace);
    assert.equal(listed.code, 0, listed.stderr);
    const runs = (JSON.parse(listed.stdout) as Array<{ id: string; name: string }>).sort((a, b) => a.id.localeCompare(b.id));
    return { id: runs[0]!.id, name: runs[0]!.name, runs: runs.length };
  }
  const serverName = (runId: string) => server.psql(`SELECT coalesce(a.display_name, r.name) FROM model_ledger.runs r LEFT JOIN model_ledger.run_annotations a ON a.run_id = r.id WHERE r.id = '${runId}'`, 'team').trim();

  it("records alice's role on her runs", () => {
    const { runs } = firstRun(alice);
    assert.equal(server.psql("SELECT count(*) FROM model_ledger.runs WHERE db_role = 'alice'", 'team').trim(), String(runs));
  });

  it('a read-only role pulls, and its push is refused in one line before anything is written', () => {
    const carol = tempDir('team-carol-');
    connect(carol, 'carol');
    const status = as('carol', ['team', 'status'], carol);
    assert.match(status.stdout, /^Role: +carol: read only \(pull works, push is refused\)$/m);
    const pulled = as('carol', ['team', 'pull'], carol);
    assert.equal(pulled.code, 0, pulled.stderr);
    const run = firstRun(carol);
    assert.equal(run.runs, firstRun(alice).runs);

    assert.equal(as('carol', ['run', 'note', run.id, 'carol thinks so'], carol).code, 0);
    const before = server.psql('SELECT count(*) FROM model_ledger.audit_entries', 'team').trim();
    const push = as('carol', ['team', 'push', '--no-import', '--quiet'], carol);
    assert.equal(push.code, 1, push.stdout);
    assert.match(push.stderr.trimEnd(), /^model-ledger team: the role "carol" may read the team store \(pull works\) but not push to it: it lacks INSERT on experiments, UPDATE on experiments, INSERT on runs, …\. Nothing was pushed; an administrator runs GRANT model_ledger_writer TO "carol"/);
    assert.equal(push.stderr.trimEnd().split('\n').length, 1, push.stderr);
    assert.equal(server.psql('SELECT count(*) FROM model_ledger.audit_entries', 'team').trim(), before);
  });

  it("row-level security keeps a second writer's rename of alice's run in his own workspace", () => {
    const bob = tempDir('team-bob-');
    connect(bob, 'bob');
    assert.equal(as('bob', ['team', 'pull'], bob).code, 0);
    const run = firstRun(bob);
    const nameOnServer = serverName(run.id);
    assert.equal(as('bob', ['run', 'rename', run.id, 'bob was here'], bob).code, 0);

    const push = as('bob', ['team', 'push', '--no-import', '--quiet'], bob);
    assert.equal(push.code, 1, push.stdout);
    assert.match(push.stderr, new RegExp(`^not pushed: your changes to \\S+'s run ${run.id} \\(.*\\) stay in this workspace: the team store's row-level security lets .* change only the runs it pushed and what belongs to them \\(new row violates row-level security policy for table "run_annotations"\\)`, 'm'));
    assert.equal(serverName(run.id), nameOnServer);
    assert.equal(firstRun(bob).name, 'bob was here');

    // Alice renames her own run: allowed, and bob's next pull shows it.
    assert.equal(as('alice', ['run', 'rename', run.id, 'alice named it'], alice).code, 0);
    const own = as('alice', ['team', 'push', '--no-import', '--quiet'], alice);
    assert.equal(own.code, 0, own.stderr);
    assert.equal(serverName(run.id), 'alice named it');
  });
});
