// The test PostgreSQL server the team store's tests run against: it starts, speaks TLS that
// verify-full accepts with its certificate, refuses a wrong password, and survives a crash.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';

describe('test PostgreSQL server', () => {
  let server: PostgresServer;
  before(async () => {
    server = await startPostgres({ name: 'harness' });
  });
  after(() => server?.close());

  it('accepts TLS verified against its own certificate', async () => {
    const client = new pg.Client({ connectionString: server.url(), ssl: { ca: fs.readFileSync(server.caFile, 'utf8'), rejectUnauthorized: true, servername: 'localhost' } });
    await client.connect();
    const { rows } = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    await client.end();
    assert.equal(rows[0]?.ssl, true);
  });

  it('refuses a wrong password', async () => {
    const client = new pg.Client({ connectionString: server.url({ password: 'wrong' }), ssl: { rejectUnauthorized: false } });
    await assert.rejects(client.connect(), /password authentication failed/);
  });

  it('keeps committed rows across an immediate stop', async () => {
    server.psql('CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2)');
    server.stop('immediate');
    assert.equal(server.running, false);
    server.start();
    assert.equal(server.psql('SELECT sum(n) FROM kept').trim(), '3');
  });
});
