// What the connected role may do on the team store, asked of the server before a sync writes
// anything, so a read-only role's push stops with a sentence instead of a failed INSERT mid-way.
import type pg from 'pg';
import { TeamError } from './teamErrors';
import { WRITER_ROLE } from './roles';

export interface TeamAccess {
  role: string;
  /** Can read every table of the store: pull works. */
  canRead: boolean;
  /** Has every right a push needs. */
  canWrite: boolean;
  /** Owns the schema: may run `team init` and the roles SQL; not bound by row-level security. */
  isOwner: boolean;
  /** The rights a push needs that this role lacks, as `INSERT on runs`. */
  missingForPush: string[];
  /** Row-level security on annotations is on (writers change only their own runs' annotations). */
  annotationsRowSecurity: boolean;
}

/**
 * Every table right a push uses, this one's or the Python client's (the writer role's grants in
 * roles.ts, which a unit test keeps equal to this list), so that a role passing requirePushAccess
 * cannot be refused mid-push.
 */
export const PUSH_RIGHTS: ReadonlyArray<[table: string, privilege: string]> = [
  ['experiments', 'INSERT'],
  ['experiments', 'UPDATE'],
  ['runs', 'INSERT'],
  ['runs', 'UPDATE'],
  ['params', 'INSERT'],
  // The Python client's upsert of a param (the value never changes: a trigger refuses it).
  ['params', 'UPDATE'],
  ['tags', 'INSERT'],
  ['tags', 'UPDATE'],
  ['tags', 'DELETE'],
  ['run_inputs', 'INSERT'],
  ['run_inputs', 'UPDATE'],
  ['run_inputs', 'DELETE'],
  ['run_annotations', 'INSERT'],
  ['run_annotations', 'UPDATE'],
  ['audit_entries', 'INSERT'],
  ['metric_series', 'INSERT'],
  ['metric_series', 'UPDATE'],
  ['metric_points', 'INSERT'],
  ['metric_points', 'DELETE'],
  ['metric_pyramid', 'DELETE'],
];
const READ_TABLES = ['experiments', 'runs', 'params', 'tags', 'run_inputs', 'run_annotations', 'audit_entries', 'metric_series', 'metric_points', 'metric_pyramid'];

/** The connected role's rights on schema model_ledger (which must exist: check the schema version first). */
export async function readTeamAccess(client: pg.ClientBase): Promise<TeamAccess> {
  // Without USAGE on the schema, naming its tables is itself refused.
  const usage = await client.query<{ role: string; usage: boolean }>("SELECT current_user AS role, has_schema_privilege('model_ledger', 'USAGE') AS usage");
  const { role } = usage.rows[0]!;
  if (!usage.rows[0]!.usage) return { role, canRead: false, canWrite: false, isOwner: false, missingForPush: ['USAGE on schema model_ledger'], annotationsRowSecurity: false };
  const { rows } = await client.query<{ readable: boolean; missing: string[]; owner: boolean; rls: boolean }>(
    `SELECT bool_and(has_table_privilege('model_ledger.' || t, 'SELECT')) AS readable,
            (SELECT coalesce(array_agg(p.privilege || ' on ' || p.tab ORDER BY p.ord), '{}')
               FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS p(tab, privilege, ord)
              WHERE NOT has_table_privilege('model_ledger.' || p.tab, p.privilege))
            || (SELECT coalesce(array_agg('USAGE on ' || c.relname ORDER BY c.relname), '{}') FROM pg_class c
                 WHERE c.relnamespace = 'model_ledger'::regnamespace AND CASE WHEN c.relkind = 'S' THEN NOT has_sequence_privilege(c.oid, 'USAGE') ELSE false END) AS missing,
            pg_has_role((SELECT nspowner FROM pg_namespace WHERE nspname = 'model_ledger'), 'USAGE') AS owner,
            (SELECT relrowsecurity FROM pg_class WHERE oid = 'model_ledger.run_annotations'::regclass) AS rls
       FROM unnest($1::text[]) AS t`,
    [READ_TABLES, PUSH_RIGHTS.map(([table]) => table), PUSH_RIGHTS.map(([, privilege]) => privilege)],
  );
  const row = rows[0]!;
  return {
    role,
    canRead: row.readable,
    canWrite: row.missing.length === 0,
    isOwner: row.owner,
    missingForPush: row.missing,
    annotationsRowSecurity: row.rls,
  };
}

/** Stops a push by a role that may not write, before anything is written. */
export function requirePushAccess(access: TeamAccess): void {
  if (access.canWrite) return;
  const what = access.canRead ? 'may read the team store (pull works) but not push to it' : 'may neither read nor write the team store';
  throw new TeamError(
    'rights',
    `the role "${access.role}" ${what}: it lacks ${access.missingForPush.slice(0, 3).join(', ')}${access.missingForPush.length > 3 ? ', …' : ''}. Nothing was pushed; an administrator runs GRANT ${WRITER_ROLE} TO "${access.role}" (docs/team-store.md, "Roles").`,
  );
}
