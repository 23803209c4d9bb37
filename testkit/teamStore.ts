// Clients of a test PostgreSQL server (testkit/postgres.ts) for the team store's tests and benchmarks.
import pg from 'pg';
import type { PostgresServer } from './postgres';

/** A connected client to the server's `postgres` database (or `database`) as the superuser or `user`, over TLS. */
export async function connectTeamClient(server: PostgresServer, options: { user?: string; password?: string; database?: string } = {}): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: server.url(options), ssl: { rejectUnauthorized: false } });
  await client.connect();
  return client;
}
