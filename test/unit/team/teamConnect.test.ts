// Connecting to a real PostgreSQL server the way libpq would: the password from the option, the
// URL, PGPASSWORD or ~/.pgpass (ignored when others may read it), TLS per sslmode, and each failure
// explained in words that say what to do.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { explainTeamError, isTeamOffline, openTeamClient, openTeamConnection, TeamError, teamErrorKind } from '../../../src/team/connect';
import { TeamSchemaTooNew } from '../../../src/team/schema/migrate';
import { LATEST_TEAM_SCHEMA_VERSION } from '../../../src/team/schema/migrations';
import { tempDir } from '../helpers/temp';

describe('openTeamClient against a real server', () => {
  let server: PostgresServer;
  let home: string;
  before(async () => {
    server = await startPostgres({ name: 'team-connect' });
    server.psql("CREATE ROLE alice LOGIN PASSWORD 'alice-secret'");
    server.psql('CREATE DATABASE models OWNER alice');
    home = tempDir('team-home-');
  });
  after(() => server?.close());

  /** An environment with nothing of the caller's PG* variables, HOME in a temp folder. */
  const env = (extra: Record<string, string> = {}) => ({ HOME: home, PATH: process.env.PATH, ...extra });
  const url = (params: Record<string, string> = {}, password?: string) => server.url({ user: 'alice', password, database: 'models', params });

  async function sessionFacts(client: pg.Client): Promise<{ user: string; database: string; ssl: boolean }> {
    try {
      const { rows } = await client.query<{ user: string; database: string; ssl: boolean }>(
        'SELECT current_user AS user, current_database() AS database, coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS ssl',
      );
      return rows[0]!;
    } finally {
      await client.end();
    }
  }

  async function refusal(promise: Promise<unknown>): Promise<TeamError> {
    const error = await promise.then(
      () => assert.fail('the connection should have been refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TeamError, `a TeamError, got ${String(error)}`);
    return error;
  }

  it('takes the password from the URL, from PGPASSWORD, or from the option, the option first', async () => {
    assert.deepEqual(await sessionFacts(await openTeamClient(url({ sslmode: 'require' }, 'alice-secret'), { env: env() })), { user: 'alice', database: 'models', ssl: true });
    assert.equal((await sessionFacts(await openTeamClient(url({ sslmode: 'require' }), { env: env({ PGPASSWORD: 'alice-secret' }) }))).user, 'alice');
    assert.equal((await sessionFacts(await openTeamClient(url({ sslmode: 'require' }, 'stale'), { password: 'alice-secret', env: env({ PGPASSWORD: 'wrong' }) }))).user, 'alice');
  });

  it('reads ~/.pgpass only when it is private, with wildcards, and says why it was skipped', async () => {
    const pgpass = path.join(home, '.pgpass');
    fs.writeFileSync(pgpass, `# team store\nother.example:*:*:alice:nope\n127.0.0.1:${server.port}:*:alice:alice-secret\n`, { mode: 0o600 });
    fs.chmodSync(pgpass, 0o600);
    assert.equal((await sessionFacts(await openTeamClient(url({ sslmode: 'require' }), { env: env() }))).user, 'alice');

    fs.chmodSync(pgpass, 0o644);
    const error = await refusal(openTeamClient(url({ sslmode: 'require' }), { env: env() }));
    assert.equal(error.kind, 'no-password');
    assert.match(error.message, /asks a password for "alice" and none was given \(.*\.pgpass was not used: it has group or world access \(mode 644\).*chmod 600/);
    assert.match(error.message, new RegExp(`add a line 127\\.0\\.0\\.1:${server.port}:models:alice:PASSWORD`));
    fs.rmSync(pgpass);
  });

  it('honours PGPASSFILE and the URL\'s passfile', async () => {
    const file = path.join(home, 'team.pgpass');
    fs.writeFileSync(file, `*:*:models:alice:alice-secret\n`, { mode: 0o600 });
    assert.equal((await sessionFacts(await openTeamClient(url({ sslmode: 'require' }), { env: env({ PGPASSFILE: file }) }))).user, 'alice');
    assert.equal((await sessionFacts(await openTeamClient(url({ sslmode: 'require', passfile: file }), { env: env() }))).user, 'alice');
  });

  it('explains a wrong password, a missing database, and a closed port', async () => {
    const wrong = await refusal(openTeamClient(url({ sslmode: 'require' }, 'wrong'), { env: env() }));
    assert.equal(wrong.kind, 'password');
    assert.match(wrong.message, new RegExp(`^127\\.0\\.0\\.1:${server.port} refused the password of "alice" \\(password authentication failed for user "alice"\\): check the password`));

    const missing = await refusal(openTeamClient(server.url({ user: 'alice', password: 'alice-secret', database: 'nowhere', params: { sslmode: 'require' } }), { env: env() }));
    assert.equal(missing.kind, 'database-missing');
    assert.match(missing.message, /has no database "nowhere" .*fix the database name in the URL/);

    const closed = await closedPort();
    const unreachable = await refusal(openTeamClient(`postgresql://alice:x@127.0.0.1:${closed}/models`, { env: env() }));
    assert.equal(unreachable.kind, 'unreachable');
    assert.match(unreachable.message, new RegExp(`cannot reach 127\\.0\\.0\\.1:${closed} \\(.*ECONNREFUSED.*\\): is PostgreSQL running there`));
  });

  it('explains a database without the team store, and a team store newer than this Model Ledger', async () => {
    const client = await openTeamClient(url({ sslmode: 'require' }, 'alice-secret'), { env: env() });
    try {
      const missing = await client.query('SELECT count(*) FROM model_ledger.runs').then(
        () => assert.fail('there is no team store in this database'),
        (error: unknown) => error,
      );
      assert.equal(teamErrorKind(missing), 'schema-missing');
      assert.match(explainTeamError(missing), /^the database has no Model Ledger team store yet \(relation "model_ledger\.runs" does not exist\): run "model-ledger team init" once/);
    } finally {
      await client.end();
    }
    const newer = new TeamSchemaTooNew(LATEST_TEAM_SCHEMA_VERSION + 1);
    assert.equal(teamErrorKind(newer), 'schema-newer');
    assert.equal(explainTeamError(newer), newer.message);
    assert.equal(isTeamOffline(newer), false);
  });

  it('gives up after connect_timeout on a server that never answers', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const error = await refusal(openTeamClient(`postgresql://alice:x@127.0.0.1:${port}/models?sslmode=disable&connect_timeout=2`, { env: env() }));
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /no answer from 127\.0\.0\.1:\d+ in time .*connect_timeout=SECONDS/);
    } finally {
      silent.close();
    }
  });

  it('names a missing Unix socket and a host name that does not resolve', async () => {
    const socketDir = tempDir('team-no-socket-');
    const socket = await refusal(openTeamClient(`postgresql://alice:x@/models?host=${encodeURIComponent(socketDir)}&port=5999`, { env: env() }));
    assert.equal(socket.kind, 'unreachable');
    assert.match(socket.message, new RegExp(`^no PostgreSQL socket in ${socketDir} for port 5999 \\(.*ENOENT.*\\): is the server running on this machine\\?`));
    const unknown = await refusal(openTeamClient('postgresql://alice:x@no-such-host.invalid/models?connect_timeout=5', { env: env() }));
    assert.ok(['unreachable', 'timeout'].includes(unknown.kind), unknown.kind);
    if (unknown.kind === 'unreachable') assert.match(unknown.message, /^the host name "no-such-host\.invalid" does not resolve \(.*\): check its spelling, your network or VPN\.$/);
  });

  it('tells a server that went away (offline: retry later) from a refusal', async () => {
    const client = await openTeamClient(url({ sslmode: 'require' }, 'alice-secret'), { env: env() });
    const dropped = new Promise<unknown>((resolve) => client.once('error', resolve));
    server.stop('immediate');
    try {
      const lost = await client.query('SELECT 1').then(
        () => assert.fail('the query should fail on a stopped server'),
        (error: unknown) => error,
      );
      assert.equal(teamErrorKind(lost), 'connection-lost');
      assert.equal(isTeamOffline(lost), true);
      assert.match(explainTeamError(lost), /^the connection to the server was lost \(.*\); what the server committed is kept, and the next sync carries on from there\.$/);
      assert.equal(isTeamOffline(await dropped), true);
      const down = await refusal(openTeamClient(url({ sslmode: 'require' }, 'alice-secret'), { env: env() }));
      assert.equal(down.kind, 'unreachable');
      assert.equal(isTeamOffline(down), true);
    } finally {
      server.start();
    }
    const refused = await refusal(openTeamClient(url({ sslmode: 'require' }, 'wrong'), { env: env() }));
    assert.equal(refused.kind, 'password');
    assert.equal(isTeamOffline(refused), false);
  });

  describe('TLS', () => {
    it('verify-full passes with the server\'s CA, by name and by address', async () => {
      const byAddress = await openTeamConnection(url({ sslmode: 'verify-full', sslrootcert: server.caFile }, 'alice-secret'), { env: env() });
      assert.match(byAddress.target.verification, /certificate and host name verified against/);
      assert.equal((await sessionFacts(byAddress.client)).ssl, true);
      const byName = `postgresql://alice:alice-secret@localhost:${server.port}/models?sslmode=verify-full&sslrootcert=${encodeURIComponent(server.caFile)}`;
      assert.equal((await sessionFacts(await openTeamClient(byName, { env: env() }))).ssl, true);
    });

    it('verify-full fails clearly with a CA that did not sign the certificate', async () => {
      const otherCa = path.join(home, 'other-ca.crt');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=other', '-keyout', path.join(home, 'other.key'), '-out', otherCa], { stdio: 'ignore' });
      const error = await refusal(openTeamClient(url({ sslmode: 'verify-full', sslrootcert: otherCa }, 'alice-secret'), { env: env() }));
      assert.equal(error.kind, 'tls-verify');
      assert.match(error.message, /TLS certificate of 127\.0\.0\.1:\d+ failed verification \(.*\): sslrootcert must be the CA certificate that signed/);
    });

    it('verify-full fails on a host name the certificate does not name; verify-ca accepts it', async () => {
      // The certificate names localhost and 127.0.0.1; the IPv4-mapped IPv6 form reaches the same
      // listener under an address the certificate does not list.
      const ca = encodeURIComponent(server.caFile);
      const hba = `postgresql://alice:alice-secret@[::ffff:127.0.0.1]:${server.port}/models?sslrootcert=${ca}`;
      const error = await refusal(openTeamClient(`${hba}&sslmode=verify-full`, { env: env() }));
      assert.equal(error.kind, 'tls-verify');
      assert.match(error.message, /certificate of \[::ffff:7f00:1\]:\d+ does not name "::ffff:7f00:1" .*sslmode=verify-ca/);
      assert.equal((await sessionFacts(await openTeamClient(`${hba}&sslmode=verify-ca`, { env: env() }))).ssl, true);
    });

    it('require encrypts without a CA; a missing CA file stops verify-full before connecting', async () => {
      const required = await openTeamConnection(url({ sslmode: 'require' }, 'alice-secret'), { env: env() });
      assert.match(required.target.verification, /encrypted, certificate not verified/);
      assert.equal((await sessionFacts(required.client)).ssl, true);
      await assert.rejects(openTeamClient(url({ sslmode: 'verify-full' }, 'alice-secret'), { env: env() }), /sslmode=verify-full needs the server's root certificate, and .*root\.crt does not exist/);
    });

    it('prefer falls back to plain on a server without TLS, where require stops and says why', async () => {
      server.psql('ALTER SYSTEM SET ssl = off');
      server.psql('SELECT pg_reload_conf()');
      try {
        const required = await eventually(async () => refusal(openTeamClient(url({ sslmode: 'require' }, 'alice-secret'), { env: env() })));
        assert.equal(required.kind, 'tls-unsupported');
        assert.match(required.message, /does not accept TLS connections \(The server does not support SSL connections\) and sslmode=require asks for it: have TLS turned on/);
        assert.equal((await sessionFacts(await openTeamClient(url({}, 'alice-secret'), { env: env() }))).ssl, false);
      } finally {
        const admin = await openTeamClient(server.url({ params: { sslmode: 'disable' } }), { env: env() });
        await admin.query('ALTER SYSTEM RESET ssl');
        await admin.query('SELECT pg_reload_conf()');
        await admin.end();
      }
      await eventually(async () => assert.equal((await sessionFacts(await openTeamClient(url({ sslmode: 'require' }, 'alice-secret'), { env: env() }))).ssl, true));
    });

    it('allow goes on to TLS when pg_hba.conf takes only TLS connections, where disable is refused', async () => {
      const hba = path.join(server.dataDir, 'pg_hba.conf');
      const original = fs.readFileSync(hba, 'utf8');
      fs.writeFileSync(hba, original.replace(/^host(\s+all\s+all\s+127\.0\.0\.1\/32)/m, 'hostssl$1'));
      server.psql('SELECT pg_reload_conf()');
      try {
        const refused = await eventually(async () => refusal(openTeamClient(url({ sslmode: 'disable' }, 'alice-secret'), { env: env() })));
        assert.equal(refused.kind, 'not-allowed');
        assert.match(refused.message, /does not let "alice" connect to "models" from here \(no pg_hba\.conf entry for host "127\.0\.0\.1", user "alice", database "models", no encryption\): an administrator adds a matching pg_hba\.conf line/);
        assert.equal((await sessionFacts(await openTeamClient(url({ sslmode: 'allow' }, 'alice-secret'), { env: env() }))).ssl, true);
      } finally {
        fs.writeFileSync(hba, original);
        server.psql('SELECT pg_reload_conf()');
      }
    });

    it('PGSSLMODE applies when the URL names no sslmode; prefer (the default) uses TLS, disable does not', async () => {
      assert.equal((await sessionFacts(await openTeamClient(url({}, 'alice-secret'), { env: env({ PGSSLMODE: 'disable' }) }))).ssl, false);
      assert.equal((await sessionFacts(await openTeamClient(url({}, 'alice-secret'), { env: env() }))).ssl, true);
      await assert.rejects(openTeamClient(url({}, 'alice-secret'), { env: env({ PGSSLMODE: 'verify-full' }) }), /sslmode=verify-full needs the server's root certificate/);
    });
  });
});

/** Retries `attempt` until it passes (a reloaded configuration reaches new connections a moment later), for up to 10 s. */
async function eventually<T>(attempt: () => Promise<T>): Promise<T> {
  for (let waited = 0; ; waited += 100) {
    try {
      return await attempt();
    } catch (error) {
      if (waited >= 10_000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
