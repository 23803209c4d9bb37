// The team benches' server: one harness PostgreSQL (testkit/postgres.ts), a database per use, each
// with the team store's schema, so a baseline and the measured path write into equal, empty tables.
import pg from 'pg';
import { migrateTeamSchema } from '../src/team/schema/migrate';
import { startPostgres, type PostgresServer } from '../testkit/postgres';

export interface TeamBenchDatabase {
  /** As a user gives it to Model Ledger: superuser, TLS required (the harness's certificate is self-signed). */
  readonly url: string;
  /** A plain client of the database, for baselines and checks. */
  connect(): Promise<pg.Client>;
  /** VACUUM ANALYZE of the points, as autovacuum does on a server after bulk appends (it also summarises the BRIN index). */
  vacuum(): Promise<void>;
}

export interface TeamBenchServer {
  readonly server: PostgresServer;
  /** A new database holding an empty team store. */
  database(name: string): Promise<TeamBenchDatabase>;
  close(): void;
}

export async function startTeamBenchServer(): Promise<TeamBenchServer> {
  const server = await startPostgres({ name: 'bench-team' });
  // Bulk loads of millions of rows: room to checkpoint less often, as a team's server would be set up.
  server.psql("ALTER SYSTEM SET max_wal_size = '4GB'");
  server.psql('SELECT pg_reload_conf()');
  return {
    server,
    async database(name) {
      server.psql(`CREATE DATABASE ${name}`);
      const connect = async (): Promise<pg.Client> => {
        const client = new pg.Client({ connectionString: server.url({ database: name }), ssl: { rejectUnauthorized: false } });
        await client.connect();
        return client;
      };
      const client = await connect();
      try {
        await migrateTeamSchema(client);
      } finally {
        await client.end();
      }
      const vacuum = async (): Promise<void> => {
        const maintenance = await connect();
        try {
          await maintenance.query('VACUUM ANALYZE model_ledger.metric_points');
        } finally {
          await maintenance.end();
        }
      };
      return { url: server.url({ database: name, params: { sslmode: 'require' } }), connect, vacuum };
    },
    close: () => server.close(),
  };
}
