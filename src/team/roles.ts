// Who may do what on the team store. Two group roles (NOLOGIN): model_ledger_reader pulls,
// model_ledger_writer also pushes; people and machines are login roles granted one of them.
// Row-level security on run_annotations lets a writer change the name, note and deletion of only
// the runs it pushed (runs.db_role); the schema's owner (who ran `team init`) is not bound by it.
// docs/team-store.md quotes this SQL (a unit test keeps the two the same).
import type pg from 'pg';
import { rollbackQuietly } from './transactions';

/** The group role that may read (pull, LISTEN, zoom). */
export const READER_ROLE = 'model_ledger_reader';
/** The group role that may also write (push, the Python client). */
export const WRITER_ROLE = 'model_ledger_writer';

/**
 * Creates the group roles when missing, grants them their rights on schema model_ledger, and turns
 * on row-level security for annotations. Idempotent: run again after each `team init` that migrated.
 * Needs the CREATEROLE right (or the roles made by an administrator first) and the schema's ownership.
 */
export const TEAM_ROLES_SQL = `-- The group roles (a login role gets one: GRANT model_ledger_writer TO alice).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'model_ledger_reader') THEN
    CREATE ROLE model_ledger_reader NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'model_ledger_writer') THEN
    CREATE ROLE model_ledger_writer NOLOGIN IN ROLE model_ledger_reader;
  END IF;
END $$;

-- Readers: pull, listen, fetch points for zoom.
GRANT USAGE ON SCHEMA model_ledger TO model_ledger_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA model_ledger TO model_ledger_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA model_ledger GRANT SELECT ON TABLES TO model_ledger_reader;

-- Writers: push runs and points. No DELETE of runs, params or audit entries: deletion is an
-- annotation, params never change, the audit log is append-only (its triggers refuse it anyway).
GRANT INSERT, UPDATE ON model_ledger.experiments, model_ledger.runs, model_ledger.params,
  model_ledger.tags, model_ledger.run_inputs, model_ledger.run_annotations,
  model_ledger.metric_series, model_ledger.metric_points, model_ledger.metric_pyramid
  TO model_ledger_writer;
GRANT INSERT ON model_ledger.audit_entries TO model_ledger_writer;
GRANT DELETE ON model_ledger.tags, model_ledger.run_inputs, model_ledger.metric_pyramid TO model_ledger_writer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA model_ledger TO model_ledger_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA model_ledger GRANT USAGE ON SEQUENCES TO model_ledger_writer;

-- Row-level security: everyone reads every annotation; a writer adds or changes the annotations
-- of its own runs only (the role that first pushed the run: runs.db_role).
ALTER TABLE model_ledger.run_annotations ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS annotations_read ON model_ledger.run_annotations;
CREATE POLICY annotations_read ON model_ledger.run_annotations FOR SELECT USING (true);
DROP POLICY IF EXISTS annotations_own_runs ON model_ledger.run_annotations;
CREATE POLICY annotations_own_runs ON model_ledger.run_annotations FOR ALL TO model_ledger_writer
  USING (EXISTS (SELECT FROM model_ledger.runs r WHERE r.id = run_id AND r.db_role = current_user))
  WITH CHECK (EXISTS (SELECT FROM model_ledger.runs r WHERE r.id = run_id AND r.db_role = current_user));
`;

/** Applies TEAM_ROLES_SQL in one transaction. */
export async function applyTeamRoles(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(TEAM_ROLES_SQL);
    await client.query('COMMIT');
  } catch (error) {
    await rollbackQuietly(client);
    throw error;
  }
}
