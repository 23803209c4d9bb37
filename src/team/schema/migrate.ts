import type pg from 'pg';
import { UserError } from '../../core/errors';
import { rollbackQuietly } from '../transactions';
import { LATEST_TEAM_SCHEMA_VERSION, TEAM_MIGRATIONS } from './migrations';

/** The team store's schema is newer than this Model Ledger reads: nothing was changed on the server. */
export class TeamSchemaTooNew extends UserError {
  constructor(readonly version: number) {
    super(
      `The team store's schema is version ${version}, written by a newer Model Ledger (this one reads up to ${LATEST_TEAM_SCHEMA_VERSION}). ` +
        'Nothing was changed on the server; update Model Ledger to sync with it.',
    );
  }
}

/** The database has no team store yet, or an older one than this Model Ledger needs. */
export class TeamSchemaMissing extends UserError {}

/** Serialises `team init`s of one database: a second one waits, then finds the schema current. */
const MIGRATE_LOCK = "hashtext('model_ledger.migrate')";

/** The schema version on the server: 0 when there is no team store in this database. */
export async function teamSchemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('model_ledger.schema_version') IS NOT NULL AS present");
  if (!rows[0]?.present) return 0;
  const version = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM model_ledger.schema_version');
  return version.rows[0]?.version ?? 0;
}

/**
 * Creates schema `model_ledger` or brings it up to this version (`team init`), each migration in
 * the one transaction with its version row. A newer schema is refused before anything is written.
 * Returns the versions before and after.
 */
export async function migrateTeamSchema(client: pg.ClientBase): Promise<{ from: number; to: number }> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATE_LOCK})`);
    const from = await teamSchemaVersion(client);
    if (from > LATEST_TEAM_SCHEMA_VERSION) throw new TeamSchemaTooNew(from);
    if (from === 0) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS model_ledger;
        CREATE TABLE model_ledger.schema_version (
          version     integer PRIMARY KEY,
          description text NOT NULL,
          applied_at  timestamptz NOT NULL DEFAULT now(),
          applied_by  text NOT NULL DEFAULT current_user
        )`);
    }
    for (const migration of TEAM_MIGRATIONS.filter((m) => m.version > from)) {
      await client.query(migration.sql);
      await client.query('INSERT INTO model_ledger.schema_version (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
    }
    await client.query('COMMIT');
    return { from, to: Math.max(from, LATEST_TEAM_SCHEMA_VERSION) };
  } catch (error) {
    await rollbackQuietly(client);
    throw error;
  }
}

/** Refuses to sync with a server whose schema is missing, older or newer than this version's. */
export async function requireCurrentTeamSchema(client: pg.ClientBase): Promise<void> {
  const version = await teamSchemaVersion(client);
  if (version > LATEST_TEAM_SCHEMA_VERSION) throw new TeamSchemaTooNew(version);
  if (version === 0) throw new TeamSchemaMissing('This database has no Model Ledger team store yet: run `model-ledger team init` (as a role that may create schemas) first.');
  if (version < LATEST_TEAM_SCHEMA_VERSION) {
    throw new TeamSchemaMissing(`The team store's schema is version ${version}; this Model Ledger needs ${LATEST_TEAM_SCHEMA_VERSION}: run \`model-ledger team init\` to migrate it.`);
  }
}
