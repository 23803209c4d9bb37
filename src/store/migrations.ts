/**
 * Numbered schema migrations. The store's schema version is SQLite's `user_version`: the number
 * of the last migration applied. Never edit a released migration; append a new one.
 */
import type Database from 'better-sqlite3';
import { auditEntryHash, type ChainedAuditRow } from './auditChain';

/**
 * A param value as it sorts: a value SQLite reads as a number becomes that number, and every number
 * sorts before every text. The listing's ORDER BY repeats this expression so SQLite uses the index.
 */
export function paramSortValue(column: string): string {
  return `(CASE WHEN CAST(${column} AS NUMERIC) = ${column} THEN CAST(${column} AS REAL) ELSE ${column} END)`;
}

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** What SQL alone cannot do (hashing), run after `sql` in the same transaction. */
  backfill?: (db: Database.Database) => void;
}

// Helpers of migration 5 only: frozen with it, like the migration's SQL.

/** The columns of runs as migration 1 made them, but id. */
const RUN_COLUMNS = ['experiment_id', 'name', 'status', 'deleted', 'start_time', 'end_time', 'git_commit', 'git_branch', 'git_dirty', 'command', 'parent_run_id'];

function bumpRevision(experimentId: string): string {
  return `INSERT INTO experiment_revisions (experiment_id, revision) SELECT ${experimentId}, 1 WHERE ${experimentId} IS NOT NULL
          ON CONFLICT (experiment_id) DO UPDATE SET revision = revision + 1;`;
}

/**
 * Triggers that raise the revision of the experiment of the run a row of `table` belongs to: its
 * own experiment_id column when it has one (params, metric_series), else its run's.
 */
function revisionTriggersOf(table: string): string {
  const ownExperiment = table === 'params' || table === 'metric_series';
  const ofRun = (row: 'NEW' | 'OLD') => bumpRevision(ownExperiment ? `${row}.experiment_id` : `(SELECT experiment_id FROM runs WHERE id = ${row}.run_id)`);
  return `
      CREATE TRIGGER ${table}_insert_revision AFTER INSERT ON ${table} BEGIN ${ofRun('NEW')} END;
      CREATE TRIGGER ${table}_update_revision AFTER UPDATE ON ${table} BEGIN ${ofRun('NEW')} END;
      CREATE TRIGGER ${table}_delete_revision AFTER DELETE ON ${table} BEGIN ${ofRun('OLD')} END;`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'experiments, runs, params, tags, metrics, artifacts, registry, audit log',
    sql: `
      CREATE TABLE experiments (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        deleted       INTEGER NOT NULL DEFAULT 0,
        origin_source TEXT NOT NULL,
        origin_id     TEXT,
        origin_path   TEXT,
        created_at    INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX experiments_origin ON experiments (origin_source, ifnull(origin_path, ''), ifnull(origin_id, name));

      CREATE TABLE runs (
        id            TEXT PRIMARY KEY,
        experiment_id TEXT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
        name          TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('running', 'scheduled', 'finished', 'failed', 'killed')),
        deleted       INTEGER NOT NULL DEFAULT 0,
        start_time    INTEGER,
        end_time      INTEGER,
        git_commit    TEXT,
        git_branch    TEXT,
        git_dirty     INTEGER,
        command       TEXT,
        parent_run_id TEXT,
        origin_source TEXT NOT NULL,
        origin_id     TEXT,
        origin_path   TEXT
      );
      CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time DESC);

      CREATE TABLE params (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key    TEXT NOT NULL,
        value  TEXT NOT NULL,
        PRIMARY KEY (run_id, key)
      ) WITHOUT ROWID;

      CREATE TABLE tags (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key    TEXT NOT NULL,
        value  TEXT NOT NULL,
        PRIMARY KEY (run_id, key)
      ) WITHOUT ROWID;

      -- One row per (run, metric key) with its running summary, so views never scan points.
      -- last_value NULL stands for NaN (SQLite stores NaN as NULL); ±Infinity is stored as is.
      CREATE TABLE metric_series (
        id             INTEGER PRIMARY KEY,
        run_id         TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key            TEXT NOT NULL,
        count          INTEGER NOT NULL,
        last_step      INTEGER NOT NULL,
        last_timestamp INTEGER NOT NULL,
        last_value     REAL,
        min_value      REAL,
        max_value      REAL,
        UNIQUE (run_id, key)
      );

      -- value NULL stands for NaN.
      CREATE TABLE metric_points (
        series_id INTEGER NOT NULL REFERENCES metric_series (id) ON DELETE CASCADE,
        step      INTEGER NOT NULL,
        timestamp INTEGER NOT NULL,
        value     REAL
      );
      CREATE INDEX metric_points_by_series ON metric_points (series_id, step);

      CREATE TABLE artifacts (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        path   TEXT NOT NULL,
        sha256 TEXT,
        size   INTEGER,
        PRIMARY KEY (run_id, path)
      ) WITHOUT ROWID;

      CREATE TABLE models (
        name          TEXT PRIMARY KEY,
        description   TEXT,
        deprecated    INTEGER NOT NULL DEFAULT 0,
        created_at    INTEGER NOT NULL,
        origin_source TEXT NOT NULL,
        origin_id     TEXT
      );

      CREATE TABLE model_versions (
        model_name      TEXT NOT NULL REFERENCES models (name) ON DELETE CASCADE,
        version         TEXT NOT NULL,
        run_id          TEXT,
        git_commit      TEXT,
        artifact_path   TEXT,
        artifact_sha256 TEXT,
        artifact_size   INTEGER,
        description     TEXT,
        metrics_json    TEXT NOT NULL DEFAULT '{}',
        created_at      INTEGER NOT NULL,
        created_by      TEXT,
        deregistered    INTEGER NOT NULL DEFAULT 0,
        origin_source   TEXT NOT NULL,
        origin_id       TEXT,
        PRIMARY KEY (model_name, version)
      );

      -- Stage history as events; the current holder of a stage is derived (see core/stages.ts).
      CREATE TABLE stage_events (
        id            INTEGER PRIMARY KEY,
        model_name    TEXT NOT NULL,
        version       TEXT NOT NULL,
        stage         TEXT NOT NULL,
        action        TEXT NOT NULL CHECK (action IN ('assign', 'unassign')),
        at            INTEGER NOT NULL,
        actor         TEXT,
        origin_source TEXT NOT NULL,
        origin_id     TEXT,
        FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version) ON DELETE CASCADE
      );
      CREATE INDEX stage_events_by_model ON stage_events (model_name, at);

      CREATE TABLE audit_log (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        at          INTEGER NOT NULL,
        actor       TEXT,
        action      TEXT NOT NULL,
        target      TEXT NOT NULL,
        before_json TEXT,
        after_json  TEXT
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    version: 2,
    description: 'dataset inputs of runs; read positions of ingested files',
    sql: `
      CREATE TABLE run_inputs (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        path   TEXT NOT NULL,
        sha256 TEXT,
        PRIMARY KEY (run_id, path)
      ) WITHOUT ROWID;

      -- How far each append-only source file has been read, so a re-import reads only new bytes.
      -- head_hash covers the file's first bytes: a file rewritten from the start no longer matches.
      CREATE TABLE ingest_files (
        path      TEXT PRIMARY KEY,
        size      INTEGER NOT NULL,
        offset    INTEGER NOT NULL,
        lines     INTEGER NOT NULL,
        head_hash TEXT NOT NULL,
        mtime_ms  INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    description: 'index of the git registry tags (GTO grammar) read by the last scan',
    sql: `
      -- One row per annotated tag in the GTO grammar, as the last scan read it. A later scan reads
      -- in full only tags whose name or object is not here, and drops rows whose tag is gone.
      -- model is NULL for a tag GTO ignores although its name fits (it points at no commit).
      CREATE TABLE registry_tags (
        name          TEXT PRIMARY KEY,
        object        TEXT NOT NULL,
        model         TEXT,
        action        TEXT CHECK (action IN ('register', 'deregister', 'assign', 'unassign', 'deprecate', 'create')),
        version       TEXT,
        stage         TEXT,
        counter       INTEGER,
        git_commit    TEXT,
        at            INTEGER,
        actor         TEXT,
        subject       TEXT,
        metadata_json TEXT
      );
      CREATE INDEX registry_tags_by_model ON registry_tags (model);

      -- The artifacts dvc.yaml files and a legacy artifacts.yaml declare, as the last scan read them,
      -- so a scan rewrites only the models whose declaration changed.
      CREATE TABLE registry_declared (
        name        TEXT PRIMARY KEY,
        type        TEXT,
        path        TEXT,
        description TEXT,
        file        TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'min/max pyramid of big metric series, for charts at one point per pixel',
    sql: `
      -- Summaries of runs of consecutive points of a series in (step, timestamp) order, so a chart
      -- of 10 million points reads a few thousand summaries (store/metricPyramid.ts). A summary of
      -- level L stands for 16^L points; 64 summaries of a level make one chunk, packed as float64
      -- in a BLOB (core/compare/packedBuckets.ts). Series under 4,096 points have none.
      CREATE TABLE metric_pyramid (
        series_id INTEGER NOT NULL REFERENCES metric_series (id) ON DELETE CASCADE,
        level     INTEGER NOT NULL,
        chunk     INTEGER NOT NULL,
        summaries BLOB NOT NULL,
        PRIMARY KEY (series_id, level, chunk)
      );
    `,
  },
  {
    version: 5,
    description: 'user annotations of runs (name, note, pin, deletion); per-experiment revisions for the views',
    sql: `
      -- What a user changed about a run, apart from the imported columns, so a re-import never
      -- undoes it. A row exists only while something differs from the imported run.
      CREATE TABLE run_annotations (
        run_id       TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        display_name TEXT,
        note         TEXT,
        pinned       INTEGER NOT NULL DEFAULT 0,
        deleted_at   INTEGER,
        deleted_by   TEXT
      ) WITHOUT ROWID;

      CREATE INDEX runs_by_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
      -- Counting an experiment's shown runs (of some statuses) from this index alone.
      CREATE INDEX runs_by_state ON runs (experiment_id, deleted, status);
      -- Listing from a metric's or a param's index reaches each run by id: this index answers
      -- what the listing checks and sorts ties by without reading the run's row.
      CREATE INDEX runs_by_id_for_listing ON runs (id, experiment_id, deleted, status, start_time);

      -- The experiment of each metric series and param, copied from its run, so a page of a big
      -- experiment sorted by a metric's last value or a param reads its index in order (store/runListing.ts).
      ALTER TABLE metric_series ADD COLUMN experiment_id TEXT;
      UPDATE metric_series SET experiment_id = (SELECT experiment_id FROM runs WHERE runs.id = metric_series.run_id);
      CREATE INDEX metric_series_sorted ON metric_series (experiment_id, key, last_value);
      ALTER TABLE params ADD COLUMN experiment_id TEXT;
      UPDATE params SET experiment_id = (SELECT experiment_id FROM runs WHERE runs.id = params.run_id);
      CREATE INDEX params_sorted ON params (experiment_id, key, ${paramSortValue('value')});
      CREATE TRIGGER runs_move_sort_keys AFTER UPDATE OF experiment_id ON runs WHEN OLD.experiment_id IS NOT NEW.experiment_id
        BEGIN
          UPDATE metric_series SET experiment_id = NEW.experiment_id WHERE run_id = NEW.id;
          UPDATE params SET experiment_id = NEW.experiment_id WHERE run_id = NEW.id;
        END;

      -- A counter per experiment that triggers raise whenever its runs, their params, tags, metric
      -- summaries or annotations change, so a view refreshes only the experiments that changed.
      -- No foreign key: a cascade from a deleted experiment fires the triggers after its row is gone.
      CREATE TABLE experiment_revisions (
        experiment_id TEXT PRIMARY KEY,
        revision      INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO experiment_revisions (experiment_id, revision) SELECT id, 1 FROM experiments;

      CREATE TRIGGER runs_insert_revision AFTER INSERT ON runs
        BEGIN ${bumpRevision('NEW.experiment_id')} END;
      CREATE TRIGGER runs_delete_revision AFTER DELETE ON runs
        BEGIN ${bumpRevision('OLD.experiment_id')} END;
      -- An upsert that rewrites a run with the same values changes nothing a view shows.
      CREATE TRIGGER runs_update_revision AFTER UPDATE ON runs
        WHEN ${RUN_COLUMNS.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')}
        BEGIN ${bumpRevision('OLD.experiment_id')} ${bumpRevision('NEW.experiment_id')} END;
      ${['params', 'tags', 'metric_series', 'run_annotations'].map(revisionTriggersOf).join('\n')}
    `,
  },
  {
    version: 6,
    description: 'runs whose import is in progress or was cut off',
    sql: `
      -- A run whose import committed in more than one chunk (store/chunkedWrite.ts) is listed here
      -- from its first commit until its last: a run cut off mid-import (the process killed) stays
      -- listed, is shown as importing rather than complete, and the next import completes it.
      CREATE TABLE runs_importing (
        run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        since  INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TRIGGER runs_importing_insert_revision AFTER INSERT ON runs_importing BEGIN
        INSERT INTO experiment_revisions (experiment_id, revision) SELECT experiment_id, 1 FROM runs WHERE id = NEW.run_id
          ON CONFLICT (experiment_id) DO UPDATE SET revision = revision + 1;
      END;
      CREATE TRIGGER runs_importing_delete_revision AFTER DELETE ON runs_importing BEGIN
        INSERT INTO experiment_revisions (experiment_id, revision) SELECT experiment_id, 1 FROM runs WHERE id = OLD.run_id
          ON CONFLICT (experiment_id) DO UPDATE SET revision = revision + 1;
      END;
    `,
  },
  {
    version: 7,
    description: 'where an imported registry said a version\'s artifact was; the stamp its sha256 was computed at',
    sql: `
      -- An MLflow version's source as MLflow recorded it (often another machine's path or a
      -- server's URI), kept beside artifact_path, which is this workspace's copy when one was found.
      ALTER TABLE model_versions ADD COLUMN artifact_source TEXT;
      -- A digest of the artifact's files' paths, sizes and modification times when artifact_sha256
      -- was computed: a re-import that finds it unchanged keeps the sha256 instead of reading the
      -- files again.
      ALTER TABLE model_versions ADD COLUMN artifact_stamp TEXT;
    `,
  },
  {
    version: 8,
    description: 'the data profiles stored under .modelledger/profiles/',
    sql: `
      -- One row per profile file (content-addressed: its name is the sha256 of its bytes), with the
      -- data file it profiles, so a version's training data and its profile are found by either hash.
      CREATE TABLE data_profiles (
        sha256        TEXT PRIMARY KEY,
        source_path   TEXT NOT NULL,
        source_sha256 TEXT NOT NULL,
        bytes         INTEGER NOT NULL,
        format        TEXT NOT NULL CHECK (format IN ('csv', 'tsv', 'parquet', 'jsonl')),
        rows          INTEGER NOT NULL,
        columns       INTEGER NOT NULL,
        created_at    INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX data_profiles_by_source ON data_profiles (source_sha256);
    `,
  },
  {
    version: 9,
    description: 'the data each version was trained and evaluated on; the version each evaluation run evaluates',
    sql: `
      -- A git registry version's datasets as its tag's metadata lists them (registry/scan.ts writes
      -- them with the version). The source run's own inputs stay in run_inputs.
      CREATE TABLE version_datasets (
        model_name TEXT NOT NULL,
        version    TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('training', 'evaluation')),
        path       TEXT NOT NULL,
        sha256     TEXT,
        profile    TEXT,
        PRIMARY KEY (model_name, version, role, path),
        FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version) ON DELETE CASCADE
      ) WITHOUT ROWID;

      -- A run that evaluates a version (run log start field evaluates, tag or param
      -- model_ledger.evaluates). No foreign key to the version: a run may be imported before the
      -- version's tag is fetched, and the link holds once it is.
      CREATE TABLE run_evaluates (
        run_id  TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        model   TEXT NOT NULL,
        version TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX run_evaluates_by_version ON run_evaluates (model, version);

      -- What a run said it used an input for (MLflow's mlflow.data.context), so training and
      -- evaluation data are told apart.
      ALTER TABLE run_inputs ADD COLUMN context TEXT;

      -- The tag index kept each tag's metadata as this version's reader saw it, without a data
      -- list: marking every tag moved makes the next scan read each message again.
      UPDATE registry_tags SET object = '';
    `,
  },
  {
    version: 10,
    description: 'drift checks of monitored data batches, and the batch files seen',
    sql: `
      -- One check of one batch of data for a watched stage (.modelledger/monitor.yaml): a batch is
      -- known by its content, so the same bytes are checked once per stage whatever their file name.
      CREATE TABLE drift_checks (
        id             INTEGER PRIMARY KEY,
        model_name     TEXT NOT NULL,
        stage          TEXT NOT NULL,
        -- The version holding the stage when the batch was checked (null: none, with a file reference).
        version        TEXT,
        -- What the batch was checked against: a version's profile or a data file, as the report names it.
        reference      TEXT NOT NULL,
        batch_path     TEXT NOT NULL,
        batch_sha256   TEXT NOT NULL,
        batch_stamp    TEXT NOT NULL,
        checked_at     INTEGER NOT NULL,
        rows           INTEGER NOT NULL,
        drift_share    REAL NOT NULL,
        share_threshold REAL NOT NULL,
        dataset_drift  INTEGER NOT NULL,
        -- The whole DriftReport as JSON: what the drift report panel opens.
        report         TEXT NOT NULL,
        UNIQUE (model_name, stage, batch_sha256)
      );
      CREATE INDEX drift_checks_series ON drift_checks (model_name, checked_at);

      -- Each tested column of a check: its score (higher is more drifted, comparable across tests) and verdict.
      CREATE TABLE drift_check_columns (
        check_id   INTEGER NOT NULL REFERENCES drift_checks (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        test       TEXT NOT NULL,
        statistic  REAL,
        p_value    REAL,
        threshold  REAL NOT NULL,
        score      REAL,
        drift      INTEGER NOT NULL,
        PRIMARY KEY (check_id, name)
      ) WITHOUT ROWID;

      -- The batch files seen per watched stage, with the size and modification time their sha256 was
      -- read at: an unchanged file is not read again to learn it was checked.
      CREATE TABLE drift_batch_files (
        model_name   TEXT NOT NULL,
        stage        TEXT NOT NULL,
        path         TEXT NOT NULL,
        stamp        TEXT NOT NULL,
        sha256       TEXT NOT NULL,
        PRIMARY KEY (model_name, stage, path)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 11,
    description: 'the version a run retrains',
    sql: `
      -- From the run log's start line (retrains) or MLflow's tag model_ledger.retrains. The version
      -- may be one this store has not indexed (yet): no foreign key to model_versions.
      CREATE TABLE run_retrains (
        run_id  TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        model   TEXT NOT NULL,
        version TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX run_retrains_by_version ON run_retrains (model, version);
    `,
  },
  {
    version: 12,
    description: 'the audit log as a hash chain',
    sql: `
      -- Each entry's hash covers its content and the previous entry's hash (store/auditChain.ts).
      ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit_log ADD COLUMN hash TEXT;
      -- Every writer chains: an entry without a hash, or not linked to the last one, is refused.
      CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
        WHEN NEW.hash IS NULL OR NEW.prev_hash IS NOT (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)
        BEGIN SELECT RAISE(ABORT, 'an audit entry must carry its hash and the hash of the entry before it'); END;
    `,
    backfill: chainExistingAuditEntries,
  },
  {
    version: 13,
    description: 'runs pulled from a team store (their owner), the team sync cursors',
    sql: `
      -- A run pulled from a team store (src/team/pull.ts): who logged it (user@host) and the store's
      -- id. Both null for a run logged in this workspace. Importers' upserts leave them as they are.
      ALTER TABLE runs ADD COLUMN owner TEXT;
      ALTER TABLE runs ADD COLUMN pulled_from TEXT;
      CREATE INDEX runs_by_owner ON runs (experiment_id, owner) WHERE owner IS NOT NULL;

      -- The finest pyramid level this store holds of a series: 0 when it holds the raw points; a
      -- pulled series holds only the coarse levels, and its full resolution stays on the team store.
      ALTER TABLE metric_series ADD COLUMN finest_level INTEGER NOT NULL DEFAULT 0;

      -- Per team store (its id): where the last pull's snapshot began (an xid8 as text; the next pull
      -- reads what changed from it on) and when the last push and pull completed.
      CREATE TABLE team_sync (
        store_id    TEXT PRIMARY KEY,
        pull_cursor TEXT,
        pulled_at   INTEGER,
        pushed_at   INTEGER
      ) WITHOUT ROWID;

      -- What the last complete push of each run sent (a digest of its rows and series counts): a run
      -- unchanged since is not sent again. A run cut off mid-push has no row, so the next push
      -- resumes it from the team store's per-series counts.
      CREATE TABLE team_pushed_runs (
        store_id    TEXT NOT NULL,
        run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        PRIMARY KEY (store_id, run_id)
      ) WITHOUT ROWID;

      -- Audit entries a pull copied here from a team store: hash here → hash there. A push sends
      -- neither back, and a pull copies each once.
      -- A push reads each run's audit entries, a pull looks entries up by hash.
      CREATE INDEX audit_log_by_target ON audit_log (target, at);
      CREATE INDEX audit_log_by_hash ON audit_log (hash);

      CREATE TABLE team_pulled_audit (
        local_hash  TEXT PRIMARY KEY,
        team_hash   TEXT NOT NULL UNIQUE
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 14,
    description: 'metric points clustered by series and step, without a separate index',
    sql: `
      -- One B-tree per point instead of two (a rowid table and its (series_id, step) index): 30 bytes
      -- a point instead of 45 (docs/decisions.md). Steps may repeat within a series, and so may a
      -- (step, timestamp) pair: seq tells such points apart, 0 for the first (stored in no bytes),
      -- 1 for the next, in the order they were appended, the order rowid kept before.
      -- value NULL stands for NaN.
      CREATE TABLE metric_points_clustered (
        series_id INTEGER NOT NULL REFERENCES metric_series (id) ON DELETE CASCADE,
        step      INTEGER NOT NULL,
        timestamp INTEGER NOT NULL,
        seq       INTEGER NOT NULL DEFAULT 0,
        value     REAL,
        PRIMARY KEY (series_id, step, timestamp, seq)
      ) WITHOUT ROWID;
      INSERT INTO metric_points_clustered (series_id, step, timestamp, seq, value)
        SELECT series_id, step, timestamp, row_number() OVER (PARTITION BY series_id, step, timestamp ORDER BY rowid) - 1, value
        FROM metric_points ORDER BY series_id, step, timestamp, rowid;
      DROP TABLE metric_points;
      ALTER TABLE metric_points_clustered RENAME TO metric_points;
    `,
  },
  {
    version: 15,
    description: 'indexes that list a page of a big experiment sorted by a metric and filtered by a param from index entries alone',
    sql: `
      -- A page sorted by a metric walks this index in order; with run_id in it, checking each entry
      -- against a filter reads no table row (store/runListingSql.ts). Same name, so nothing else changes.
      DROP INDEX IF EXISTS metric_series_sorted;
      CREATE INDEX metric_series_sorted ON metric_series (experiment_id, key, last_value, run_id);
      -- The runs whose param has a given value, and how many, from one index range
      -- (params_sorted orders numbers as numbers, so it cannot match a value exactly).
      DROP INDEX IF EXISTS params_by_value;
      CREATE INDEX params_by_value ON params (experiment_id, key, value);
    `,
  },
];

/** Migration 12's backfill: chains the entries written before it, in id order, lifting the no-update trigger meanwhile. */
function chainExistingAuditEntries(db: Database.Database): void {
  const rows = db.prepare<[], Omit<ChainedAuditRow, 'prev_hash'>>('SELECT id, at, actor, action, target, before_json, after_json FROM audit_log ORDER BY id').all();
  db.exec('DROP TRIGGER audit_log_no_update');
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  let prev: string | null = null;
  for (const row of rows) {
    const hash = auditEntryHash({ ...row, prev_hash: prev });
    update.run(prev, hash, row.id);
    prev = hash;
  }
  db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`);
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
