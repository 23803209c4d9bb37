// What `team connect` checks and `team status` shows: the server, the schema's version against this
// Model Ledger's, the role's rights, and how much the store holds (points counted from the series'
// summaries, not by scanning 100,000,000s of rows).
import type pg from 'pg';
import { readTeamAccess, type TeamAccess } from './access';
import { LATEST_TEAM_SCHEMA_VERSION } from './schema/migrations';
import { teamSchemaVersion } from './schema/migrate';

export interface TeamStoreStatus {
  serverVersion: string;
  /** 0: no team store in this database yet (`team init`). */
  schemaVersion: number;
  /** The version this Model Ledger reads and writes. */
  supportedSchemaVersion: number;
  /** null when there is no schema to have rights on. */
  access: TeamAccess | null;
  /** null when the role cannot read them. */
  counts: { experiments: number; runs: number; owners: number; series: number; points: number } | null;
}

export async function readTeamStoreStatus(client: pg.ClientBase): Promise<TeamStoreStatus> {
  const server = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
  const schemaVersion = await teamSchemaVersion(client);
  const base = { serverVersion: server.rows[0]!.version, schemaVersion, supportedSchemaVersion: LATEST_TEAM_SCHEMA_VERSION };
  if (schemaVersion === 0) return { ...base, access: null, counts: null };
  const access = await readTeamAccess(client);
  if (!access.canRead) return { ...base, access, counts: null };
  const { rows } = await client.query<{ experiments: number; runs: number; owners: number; series: number; points: string }>(
    `SELECT (SELECT count(*) FROM model_ledger.experiments)::int AS experiments,
            (SELECT count(*) FROM model_ledger.runs)::int AS runs,
            (SELECT count(DISTINCT owner) FROM model_ledger.runs)::int AS owners,
            (SELECT count(*) FROM model_ledger.metric_series)::int AS series,
            (SELECT coalesce(sum(count), 0) FROM model_ledger.metric_series)::text AS points`,
  );
  const row = rows[0]!;
  return { ...base, access, counts: { experiments: row.experiments, runs: row.runs, owners: row.owners, series: row.series, points: Number(row.points) } };
}

/** The role's standing in words: "read and write", "read only", "no access"; owners say so. */
export function describeAccess(access: TeamAccess | null): string {
  if (access === null) return 'unknown (no team store schema yet)';
  const rights = access.canWrite ? 'read and write (pull and push)' : access.canRead ? 'read only (pull works, push is refused)' : 'no access (grant model_ledger_reader or model_ledger_writer)';
  return access.isOwner ? `${rights}; owns the schema (team init, roles)` : rights;
}
