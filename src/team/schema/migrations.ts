/**
 * Numbered migrations of the team store: PostgreSQL schema `model_ledger`. Never edit a released
 * migration; append a new one (migration 1 was changed in place before the schema was first
 * released: docs/decisions.md). The version is the largest `version` in `model_ledger.schema_version`.
 *
 * Shape after migration 1 (every writer, the Node sync and the Python client, follows it):
 *
 *   store            one row: id uuid (a server's identity: local sync cursors are kept per id)
 *   schema_version   version int PK, description, applied_at, applied_by
 *   experiments      id text PK (the local store's id), name, deleted, origin_source/_id/_path,
 *                    created_at bigint (ms)
 *   runs             id text PK (the local store's id), experiment_id → experiments, name, status
 *                    ('running'|'scheduled'|'finished'|'failed'|'killed'), deleted (at its source),
 *                    start_time, end_time (ms), git_commit, git_branch, git_dirty, command,
 *                    parent_run_id, origin_source/_id/_path,
 *                    owner text        `user@host` that logged the run (first writer; never changes)
 *                    pushed_from text  host of the last push
 *                    db_role text      the PostgreSQL role that first wrote it (set by the server on
 *                                      insert; owner, db_role, created_at never change; row-level security)
 *                    created_at timestamptz,
 *                    changed_xid xid8  the last transaction that changed the run or anything of it
 *                                      (params, tags, inputs, annotations, series): pulls read runs
 *                                      with changed_xid >= their cursor, the xmin of their last
 *                                      pull's snapshot (triggers keep it; writers never set it)
 *   params           (run_id, key) PK, value: immutable, an UPDATE to another value is refused
 *   tags             (run_id, key) PK, value
 *   run_inputs       (run_id, path) PK, sha256, context (dataset inputs)
 *   run_annotations  run_id PK; last-writer-wins per field, each with its time (ms) and author:
 *                    display_name, name_at, name_by; note, note_at, note_by;
 *                    deleted_at (null: not deleted), deletion_at, deletion_by.
 *                    Pins never leave the machine.
 *   audit_entries    id bigserial PK, hash text UNIQUE (the entry's hash in the store that wrote it:
 *                    pushed once), origin (`user@host` of that store), run_id (the run it is
 *                    about, or null), at (ms), actor, action, target, before_json, after_json.
 *                    Append-only (triggers refuse UPDATE and DELETE).
 *   metric_series    id bigserial PK, (run_id, key) UNIQUE, count (points summarised: ordinals
 *                    0..count-1; it is also the push cursor), last_step, last_timestamp, last_value,
 *                    min_value, max_value (of finite values; null when none)
 *   metric_points    (series_id, ordinal) PK: ordinal 0, 1, … in (step, timestamp) order; step,
 *                    timestamp (ms), value float8 (NaN and ±Infinity as such). Bulk writes with COPY;
 *                    each series appends at its own right edge of the key.
 *   metric_pyramid   (series_id, level, idx) PK, count, first_step, last_step, min_time, max_time,
 *                    sum, min, max (of finite values; +Infinity/-Infinity when none), nan, pos_inf,
 *                    neg_inf. Level 1 summary idx covers ordinals [16·idx, 16·idx + 16); level L
 *                    summary idx covers level L-1 summaries [16·idx, 16·idx + 16): the local
 *                    store's pyramid (src/core/compare/pyramid.ts) in rows, up to one summary.
 *
 * Appending points (any client): in one transaction, lock the series row
 * (`SELECT count FROM model_ledger.metric_series WHERE id = $1 FOR UPDATE`), COPY points numbered
 * from that count, then `SELECT model_ledger.points_appended($1)`: it checks the numbering, brings
 * the summary and the pyramid up to date (renumbering the series in (step, timestamp) order when
 * points came out of order) and so moves the cursor.
 *
 * model_ledger.ordinal_at_step(series_id, step): the first ordinal whose step is at least `step`
 * (the series' count when none): a window of steps is a range of the key (zoom).
 *
 * NOTIFY: channel `model_ledger`, payload JSON `{"kind": "run" | "points", "experiment": …, "run": …}`,
 * sent on a run's insert or change (its annotations included) and on a series' new points.
 */
export interface TeamMigration {
  version: number;
  description: string;
  sql: string;
}

const FINITE = "value NOT IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)";

export const TEAM_MIGRATIONS: readonly TeamMigration[] = [
  {
    version: 1,
    description: 'experiments, runs, params, tags, inputs, annotations, audit entries, metric series, points and pyramid',
    sql: `
      CREATE TABLE model_ledger.store (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO model_ledger.store DEFAULT VALUES;

      CREATE TABLE model_ledger.experiments (
        id            text PRIMARY KEY,
        name          text NOT NULL,
        deleted       boolean NOT NULL DEFAULT false,
        origin_source text NOT NULL,
        origin_id     text,
        origin_path   text,
        created_at    bigint NOT NULL
      );

      CREATE TABLE model_ledger.runs (
        id            text PRIMARY KEY,
        experiment_id text NOT NULL REFERENCES model_ledger.experiments (id),
        name          text NOT NULL,
        status        text NOT NULL CHECK (status IN ('running', 'scheduled', 'finished', 'failed', 'killed')),
        deleted       boolean NOT NULL DEFAULT false,
        start_time    bigint,
        end_time      bigint,
        git_commit    text,
        git_branch    text,
        git_dirty     boolean,
        command       text,
        parent_run_id text,
        origin_source text NOT NULL,
        origin_id     text,
        origin_path   text,
        owner         text NOT NULL,
        pushed_from   text NOT NULL,
        db_role       text NOT NULL DEFAULT current_user,
        created_at    timestamptz NOT NULL DEFAULT now(),
        changed_xid   xid8 NOT NULL DEFAULT pg_current_xact_id()
      );
      CREATE INDEX runs_by_experiment ON model_ledger.runs (experiment_id);
      CREATE INDEX runs_by_change ON model_ledger.runs (changed_xid);
      CREATE INDEX runs_by_owner ON model_ledger.runs (owner);

      CREATE TABLE model_ledger.params (
        run_id text NOT NULL REFERENCES model_ledger.runs (id) ON DELETE CASCADE,
        key    text NOT NULL,
        value  text NOT NULL,
        PRIMARY KEY (run_id, key)
      );

      CREATE TABLE model_ledger.tags (
        run_id text NOT NULL REFERENCES model_ledger.runs (id) ON DELETE CASCADE,
        key    text NOT NULL,
        value  text NOT NULL,
        PRIMARY KEY (run_id, key)
      );

      CREATE TABLE model_ledger.run_inputs (
        run_id  text NOT NULL REFERENCES model_ledger.runs (id) ON DELETE CASCADE,
        path    text NOT NULL,
        sha256  text,
        context text,
        PRIMARY KEY (run_id, path)
      );

      CREATE TABLE model_ledger.run_annotations (
        run_id       text PRIMARY KEY REFERENCES model_ledger.runs (id) ON DELETE CASCADE,
        display_name text,
        name_at      bigint,
        name_by      text,
        note         text,
        note_at      bigint,
        note_by      text,
        deleted_at   bigint,
        deletion_at  bigint,
        deletion_by  text
      );

      CREATE TABLE model_ledger.audit_entries (
        id          bigserial PRIMARY KEY,
        hash        text NOT NULL UNIQUE,
        origin      text NOT NULL,
        run_id      text,
        at          bigint NOT NULL,
        actor       text,
        action      text NOT NULL,
        target      text NOT NULL,
        before_json text,
        after_json  text,
        pushed_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_entries_by_run ON model_ledger.audit_entries (run_id);

      CREATE TABLE model_ledger.metric_series (
        id             bigserial PRIMARY KEY,
        run_id         text NOT NULL REFERENCES model_ledger.runs (id) ON DELETE CASCADE,
        key            text NOT NULL,
        count          bigint NOT NULL DEFAULT 0,
        last_step      bigint,
        last_timestamp bigint,
        last_value     float8,
        min_value      float8,
        max_value      float8,
        UNIQUE (run_id, key)
      );

      -- 100,000,000s of rows appended with COPY. No foreign key (a deleted series' points go with it
      -- by the trigger below). The key, not a BRIN index: BRIN summarises a range of pages only
      -- when vacuum comes, so every read of a series' newest points scanned the whole table until
      -- then (docs/decisions.md, "The team store"); the key also refuses a point sent twice.
      CREATE TABLE model_ledger.metric_points (
        series_id bigint NOT NULL,
        ordinal   bigint NOT NULL,
        step      bigint NOT NULL,
        timestamp bigint NOT NULL,
        value     float8 NOT NULL,
        PRIMARY KEY (series_id, ordinal)
      );

      CREATE TABLE model_ledger.metric_pyramid (
        series_id  bigint NOT NULL REFERENCES model_ledger.metric_series (id) ON DELETE CASCADE,
        level      smallint NOT NULL,
        idx        bigint NOT NULL,
        count      bigint NOT NULL,
        first_step bigint NOT NULL,
        last_step  bigint NOT NULL,
        min_time   bigint NOT NULL,
        max_time   bigint NOT NULL,
        sum        float8 NOT NULL,
        min        float8 NOT NULL,
        max        float8 NOT NULL,
        nan        bigint NOT NULL,
        pos_inf    bigint NOT NULL,
        neg_inf    bigint NOT NULL,
        PRIMARY KEY (series_id, level, idx)
      );

      -- Params never change once written.
      CREATE FUNCTION model_ledger.params_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.value IS DISTINCT FROM OLD.value OR NEW.key IS DISTINCT FROM OLD.key OR NEW.run_id IS DISTINCT FROM OLD.run_id THEN
          RAISE EXCEPTION 'param % of run % is already % on the team store; params never change once written', OLD.key, OLD.run_id, OLD.value
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER params_immutable BEFORE UPDATE ON model_ledger.params FOR EACH ROW EXECUTE FUNCTION model_ledger.params_immutable();

      CREATE FUNCTION model_ledger.append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the team audit log is append-only' USING ERRCODE = 'integrity_constraint_violation';
      END $$;
      CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON model_ledger.audit_entries
        FOR EACH ROW EXECUTE FUNCTION model_ledger.append_only();

      -- Who wrote a run is the server's to say: db_role is the inserting role (row-level security
      -- rests on it), and owner, db_role and created_at never change. changed_xid: the run's own
      -- insert or update sets it; a change to anything of the run moves it.
      CREATE FUNCTION model_ledger.run_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          NEW.db_role := current_user;
          NEW.created_at := now();
        ELSIF (NEW.owner, NEW.db_role, NEW.created_at) IS DISTINCT FROM (OLD.owner, OLD.db_role, OLD.created_at) THEN
          RAISE EXCEPTION 'run % was first pushed by % (role %): who logged a run never changes on the team store', OLD.id, OLD.owner, OLD.db_role
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        NEW.changed_xid := pg_current_xact_id();
        RETURN NEW;
      END $$;
      CREATE TRIGGER runs_changed BEFORE INSERT OR UPDATE ON model_ledger.runs FOR EACH ROW EXECUTE FUNCTION model_ledger.run_changed();

      -- Whether the calling role first pushed the run (or the series' run): row-level security's
      -- test (src/team/roles.ts). Not SECURITY DEFINER: current_user must be the caller.
      CREATE FUNCTION model_ledger.own_run(p_run text) RETURNS boolean LANGUAGE sql STABLE
        SET search_path = model_ledger, pg_catalog AS $$
        SELECT EXISTS (SELECT FROM model_ledger.runs WHERE id = p_run AND db_role = current_user)
      $$;
      CREATE FUNCTION model_ledger.own_series(p_series bigint) RETURNS boolean LANGUAGE sql STABLE
        SET search_path = model_ledger, pg_catalog AS $$
        SELECT EXISTS (SELECT FROM model_ledger.metric_series s JOIN model_ledger.runs r ON r.id = s.run_id
                        WHERE s.id = p_series AND r.db_role = current_user)
      $$;

      -- Points are written with COPY, which row-level security would forbid: a statement trigger
      -- checks instead that a writer added or removed points of its own runs' series only. The
      -- schema's owner (and a superuser) may write any.
      CREATE FUNCTION model_ledger.points_of_own_series() RETURNS trigger LANGUAGE plpgsql
        SET search_path = model_ledger, pg_catalog AS $$
      DECLARE
        foreign_series bigint;
      BEGIN
        IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
          RETURN NULL;
        END IF;
        SELECT c.series_id INTO foreign_series FROM (SELECT DISTINCT series_id FROM changed) c
          WHERE NOT model_ledger.own_series(c.series_id) LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'row-level security: metric series % is not of a run role % pushed; a writer adds and removes the points of its own runs only', foreign_series, current_user
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER metric_points_inserted AFTER INSERT ON model_ledger.metric_points REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION model_ledger.points_of_own_series();
      CREATE TRIGGER metric_points_deleted AFTER DELETE ON model_ledger.metric_points REFERENCING OLD TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION model_ledger.points_of_own_series();

      -- An audit entry's time orders last-writer-wins in every store that pulls it: one from a
      -- clock far ahead would win every later change, so it is taken as at most now + 5 minutes.
      CREATE FUNCTION model_ledger.audit_time_bounded() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.at := least(NEW.at, (extract(epoch FROM clock_timestamp()) * 1000)::bigint + 300000);
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_entries_time_bounded BEFORE INSERT ON model_ledger.audit_entries
        FOR EACH ROW EXECUTE FUNCTION model_ledger.audit_time_bounded();

      -- The functions below write across rows of other roles (a run's changed_xid, the pyramid,
      -- notifications): SECURITY DEFINER, as the schema's owner, with a fixed search_path.
      CREATE FUNCTION model_ledger.child_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = model_ledger, pg_catalog AS $$
      DECLARE
        changed_run text := CASE WHEN TG_OP = 'DELETE' THEN OLD.run_id ELSE NEW.run_id END;
      BEGIN
        IF changed_run IS NOT NULL THEN
          UPDATE model_ledger.runs SET changed_xid = pg_current_xact_id()
            WHERE id = changed_run AND changed_xid <> pg_current_xact_id();
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER params_changed AFTER INSERT OR UPDATE OR DELETE ON model_ledger.params FOR EACH ROW EXECUTE FUNCTION model_ledger.child_changed();
      CREATE TRIGGER tags_changed AFTER INSERT OR UPDATE OR DELETE ON model_ledger.tags FOR EACH ROW EXECUTE FUNCTION model_ledger.child_changed();
      CREATE TRIGGER run_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON model_ledger.run_inputs FOR EACH ROW EXECUTE FUNCTION model_ledger.child_changed();
      CREATE TRIGGER run_annotations_changed AFTER INSERT OR UPDATE OR DELETE ON model_ledger.run_annotations FOR EACH ROW EXECUTE FUNCTION model_ledger.child_changed();
      CREATE TRIGGER audit_entries_changed AFTER INSERT ON model_ledger.audit_entries FOR EACH ROW EXECUTE FUNCTION model_ledger.child_changed();
      CREATE TRIGGER metric_series_changed AFTER INSERT OR UPDATE OR DELETE ON model_ledger.metric_series FOR EACH ROW EXECUTE FUNCTION model_ledger.child_changed();

      -- A renamed or deleted experiment reaches every store through its runs: pulls read changed runs.
      CREATE FUNCTION model_ledger.experiment_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = model_ledger, pg_catalog AS $$
      BEGIN
        UPDATE model_ledger.runs SET changed_xid = pg_current_xact_id() WHERE experiment_id = NEW.id AND changed_xid <> pg_current_xact_id();
        RETURN NULL;
      END $$;
      CREATE TRIGGER experiments_changed AFTER UPDATE OF name, deleted ON model_ledger.experiments
        FOR EACH ROW WHEN ((NEW.name, NEW.deleted) IS DISTINCT FROM (OLD.name, OLD.deleted)) EXECUTE FUNCTION model_ledger.experiment_changed();

      CREATE FUNCTION model_ledger.series_points_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM model_ledger.metric_points WHERE series_id = OLD.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER metric_series_points_deleted AFTER DELETE ON model_ledger.metric_series FOR EACH ROW EXECUTE FUNCTION model_ledger.series_points_deleted();

      -- NOTIFY: identical payloads in one transaction are delivered once.
      CREATE FUNCTION model_ledger.notify_run() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = model_ledger, pg_catalog AS $$
      BEGIN
        PERFORM pg_notify('model_ledger', json_build_object('kind', 'run', 'experiment', NEW.experiment_id, 'run', NEW.id)::text);
        RETURN NULL;
      END $$;
      CREATE TRIGGER runs_notify AFTER INSERT OR UPDATE ON model_ledger.runs FOR EACH ROW EXECUTE FUNCTION model_ledger.notify_run();

      CREATE FUNCTION model_ledger.notify_points() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = model_ledger, pg_catalog AS $$
      BEGIN
        PERFORM pg_notify('model_ledger', json_build_object('kind', 'points', 'experiment',
          (SELECT experiment_id FROM model_ledger.runs WHERE id = NEW.run_id), 'run', NEW.run_id)::text);
        RETURN NULL;
      END $$;
      CREATE TRIGGER metric_series_notify AFTER UPDATE OF count ON model_ledger.metric_series
        FOR EACH ROW WHEN (NEW.count > OLD.count) EXECUTE FUNCTION model_ledger.notify_points();

      -- Brings a series' summary and pyramid up to date with its points numbered from its count on
      -- (see the header of src/team/schema/migrations.ts). Callable by any client after its COPY.
      -- SECURITY DEFINER: it writes the pyramid and renumbers points, which writers may not; called
      -- on another role's series it only summarises the points that role wrote.
      CREATE FUNCTION model_ledger.points_appended(p_series bigint) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = model_ledger, pg_catalog AS $$
      DECLARE
        series model_ledger.metric_series%ROWTYPE;
        new_count bigint;
        added bigint;
        from_ordinal bigint;
        lowest float8;
        highest float8;
        last_point record;
        level_no smallint := 1;
        summaries bigint;
        span bigint := 16;
      BEGIN
        SELECT * INTO series FROM model_ledger.metric_series WHERE id = p_series FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no metric series % on the team store', p_series USING ERRCODE = 'no_data_found';
        END IF;
        -- One pass over the new points for their numbering and extremes.
        SELECT max(ordinal) + 1, count(*), min(value) FILTER (WHERE ${FINITE}), max(value) FILTER (WHERE ${FINITE})
          INTO new_count, added, lowest, highest
          FROM model_ledger.metric_points WHERE series_id = p_series AND ordinal >= series.count;
        IF added = 0 THEN
          RETURN series.count;
        END IF;
        IF added <> new_count - series.count THEN
          RAISE EXCEPTION 'points of metric series % must be numbered from % without gaps or repeats (found % points up to ordinal %)',
            p_series, series.count, added, new_count - 1 USING ERRCODE = 'integrity_constraint_violation';
        END IF;

        from_ordinal := series.count;
        -- Points that sort before the point numbered before them: renumber the series in
        -- (step, timestamp) order and rebuild its pyramid (MLflow allows any step order; rare).
        IF EXISTS (
          SELECT 1 FROM (
            SELECT step, timestamp, lag(step) OVER w AS prev_step, lag(timestamp) OVER w AS prev_time
            FROM model_ledger.metric_points WHERE series_id = p_series AND ordinal >= greatest(series.count - 1, 0)
            WINDOW w AS (ORDER BY ordinal)
          ) ordered WHERE (step, timestamp) < (prev_step, prev_time)
        ) THEN
          -- Through negative ordinals, so no two rows hold one key in between.
          UPDATE model_ledger.metric_points p SET ordinal = -ranked.rank
            FROM (SELECT ordinal, row_number() OVER (ORDER BY step, timestamp, ordinal) AS rank
                  FROM model_ledger.metric_points WHERE series_id = p_series) ranked
            WHERE p.series_id = p_series AND p.ordinal = ranked.ordinal;
          UPDATE model_ledger.metric_points SET ordinal = -ordinal - 1 WHERE series_id = p_series;
          from_ordinal := 0;
          SELECT min(value) FILTER (WHERE ${FINITE}), max(value) FILTER (WHERE ${FINITE}) INTO lowest, highest
            FROM model_ledger.metric_points WHERE series_id = p_series;
        END IF;

        SELECT step, timestamp, value INTO last_point
          FROM model_ledger.metric_points WHERE series_id = p_series AND ordinal = new_count - 1;
        UPDATE model_ledger.metric_series SET
          count = new_count,
          last_step = last_point.step,
          last_timestamp = last_point.timestamp,
          last_value = last_point.value,
          min_value = CASE WHEN from_ordinal = 0 THEN lowest ELSE least(min_value, lowest) END,
          max_value = CASE WHEN from_ordinal = 0 THEN highest ELSE greatest(max_value, highest) END
        WHERE id = p_series;

        DELETE FROM model_ledger.metric_pyramid WHERE series_id = p_series AND level = 1 AND idx >= from_ordinal / 16;
        INSERT INTO model_ledger.metric_pyramid
          SELECT p_series, 1, ordinal / 16, count(*), min(step), max(step), min(timestamp), max(timestamp),
                 -- Summed in point order, as the local store sums: the same float64 to the last bit.
                 coalesce(sum(value ORDER BY ordinal) FILTER (WHERE ${FINITE}), 0),
                 coalesce(min(value) FILTER (WHERE ${FINITE}), 'Infinity'),
                 coalesce(max(value) FILTER (WHERE ${FINITE}), '-Infinity'),
                 count(*) FILTER (WHERE value = 'NaN'),
                 count(*) FILTER (WHERE value = 'Infinity'),
                 count(*) FILTER (WHERE value = '-Infinity')
          FROM model_ledger.metric_points
          WHERE series_id = p_series AND ordinal >= (from_ordinal / 16) * 16
          GROUP BY ordinal / 16;

        summaries := (new_count + 15) / 16;
        WHILE summaries > 1 LOOP
          span := span * 16;
          DELETE FROM model_ledger.metric_pyramid WHERE series_id = p_series AND level = level_no + 1 AND idx >= from_ordinal / span;
          INSERT INTO model_ledger.metric_pyramid
            SELECT p_series, level_no + 1, idx / 16, sum(count), min(first_step), max(last_step), min(min_time), max(max_time),
                   sum(sum ORDER BY idx), min(min), max(max), sum(nan), sum(pos_inf), sum(neg_inf)
            FROM model_ledger.metric_pyramid
            WHERE series_id = p_series AND level = level_no AND idx >= (from_ordinal / span) * 16
            GROUP BY idx / 16;
          level_no := level_no + 1;
          summaries := (summaries + 15) / 16;
        END LOOP;
        RETURN new_count;
      END $$;

      -- Points are numbered in step order: a binary search over the key.
      CREATE FUNCTION model_ledger.ordinal_at_step(p_series bigint, p_step bigint) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
      DECLARE
        lo bigint := 0;
        hi bigint;
        mid bigint;
        mid_step bigint;
      BEGIN
        SELECT count INTO hi FROM model_ledger.metric_series WHERE id = p_series;
        hi := coalesce(hi, 0);
        WHILE lo < hi LOOP
          mid := (lo + hi) / 2;
          SELECT step INTO mid_step FROM model_ledger.metric_points WHERE series_id = p_series AND ordinal = mid;
          IF mid_step < p_step THEN lo := mid + 1; ELSE hi := mid; END IF;
        END LOOP;
        RETURN lo;
      END $$;
    `,
  },
];

export const LATEST_TEAM_SCHEMA_VERSION = TEAM_MIGRATIONS[TEAM_MIGRATIONS.length - 1]!.version;
