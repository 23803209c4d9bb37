// Who may do what on the team store. Two group roles (NOLOGIN): model_ledger_reader pulls,
// model_ledger_writer also pushes; people and machines are login roles granted one of them.
// Row-level security lets a writer change only the runs it pushed (runs.db_role) and what belongs
// to them: params, tags, inputs, annotations, audit entries, series, points and pyramid; the
// schema's owner (who ran `team init`) is not bound by it.
// docs/team-store.md quotes this SQL (a unit test keeps the two the same).
import type pg from 'pg';
import { rollbackQuietly } from './transactions';

/** The group role that may read (pull, LISTEN, zoom). */
export const READER_ROLE = 'model_ledger_reader';
/** The group role that may also write (push, the Python client). */
export const WRITER_ROLE = 'model_ledger_writer';

/**
 * Creates the group roles when missing, grants them their rights on schema model_ledger, and turns
 * on row-level security. Idempotent: run again after each `team init` that migrated.
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

-- Writers: push runs and points, each right below used by a push (src/team/access.ts lists them).
-- No DELETE of runs, params, series or audit entries: deletion is an annotation, params never
-- change, the audit log is append-only (its triggers refuse it anyway). The pyramid is written by
-- model_ledger.points_appended (SECURITY DEFINER); a writer only clears its own to resend a series.
-- Rights granted by an earlier version of this SQL are taken back first.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA model_ledger FROM model_ledger_writer;
-- (UPDATE on params for the Python client's upsert: the params_immutable trigger refuses a new value.)
GRANT INSERT, UPDATE ON model_ledger.experiments, model_ledger.runs, model_ledger.params, model_ledger.tags,
  model_ledger.run_inputs, model_ledger.run_annotations, model_ledger.metric_series TO model_ledger_writer;
GRANT INSERT ON model_ledger.audit_entries TO model_ledger_writer;
GRANT INSERT, DELETE ON model_ledger.metric_points TO model_ledger_writer;
GRANT DELETE ON model_ledger.tags, model_ledger.run_inputs, model_ledger.metric_pyramid TO model_ledger_writer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA model_ledger TO model_ledger_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA model_ledger GRANT USAGE ON SEQUENCES TO model_ledger_writer;

-- Row-level security: everyone reads every row; a writer adds or changes only its own runs (the
-- role that first pushed one: runs.db_role, set by the server) and what belongs to them. Points
-- are checked by a trigger instead (COPY cannot write to a table with row-level security), and
-- the schema's owner (who ran team init) is bound by neither.
ALTER TABLE model_ledger.runs ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS read_all ON model_ledger.runs;
CREATE POLICY read_all ON model_ledger.runs FOR SELECT USING (true);
DROP POLICY IF EXISTS own_runs ON model_ledger.runs;
CREATE POLICY own_runs ON model_ledger.runs FOR ALL TO model_ledger_writer
  USING (db_role = current_user) WITH CHECK (db_role = current_user);
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['params', 'tags', 'run_inputs', 'run_annotations', 'audit_entries', 'metric_series', 'metric_pyramid'] LOOP
    EXECUTE format('ALTER TABLE model_ledger.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('DROP POLICY IF EXISTS read_all ON model_ledger.%I', t);
    EXECUTE format('CREATE POLICY read_all ON model_ledger.%I FOR SELECT USING (true)', t);
    EXECUTE format('DROP POLICY IF EXISTS own_runs ON model_ledger.%I', t);
    EXECUTE format('CREATE POLICY own_runs ON model_ledger.%I FOR ALL TO model_ledger_writer USING (%s) WITH CHECK (%s)', t,
      CASE t WHEN 'metric_pyramid' THEN 'model_ledger.own_series(series_id)' ELSE 'model_ledger.own_run(run_id)' END,
      CASE t WHEN 'metric_pyramid' THEN 'model_ledger.own_series(series_id)' ELSE 'model_ledger.own_run(run_id)' END);
  END LOOP;
END $$;
DROP POLICY IF EXISTS annotations_read ON model_ledger.run_annotations;
DROP POLICY IF EXISTS annotations_own_runs ON model_ledger.run_annotations;
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
