import type Database from 'better-sqlite3';
import { AuditLog } from './audit';
import { withBusyRetry } from './busy';
import { DriftCheckQueries } from './driftChecks';
import { ExperimentQueries } from './experiments';
import { IngestFileQueries } from './ingestFiles';
import { LineageQueries } from './lineage';
import { MetricQueries } from './metrics';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { ModelQueries } from './models';
import { openDatabase, type OpenOptions } from './open';
import { storePath } from './paths';
import { RunAnnotationWrites } from './runAnnotations';
import { RunListQueries } from './runListing';
import { RetrainLinks } from './retrainLinks';
import { RunQueries } from './runs';
import { StoreFailure, storeFailure } from './storeFailure';

export interface StoreCounts {
  experiments: number;
  runs: number;
  metricSeries: number;
  metricPoints: number;
  models: number;
  modelVersions: number;
  auditEntries: number;
}

/** One workspace folder's store: `.modelledger/ledger.db`, created and migrated on first open. */
export class Store {
  readonly experiments: ExperimentQueries;
  readonly runs: RunQueries;
  /** The sidebar's reads: sorted, filtered pages of runs, picker keys, change stamps. */
  readonly runList: RunListQueries;
  /** Users' renames, notes, pins and deletions of runs. */
  readonly runAnnotations: RunAnnotationWrites;
  readonly metrics: MetricQueries;
  readonly models: ModelQueries;
  /** Versions' datasets and the runs that evaluate them. */
  readonly lineage: LineageQueries;
  readonly audit: AuditLog;
  readonly ingestFiles: IngestFileQueries;
  /** Which version a run retrains. */
  readonly retrains: RetrainLinks;
  /** Drift checks of monitored batches (one statement cache per connection, as the other queries). */
  readonly driftChecks: DriftCheckQueries;
  private lastWriteFailure: StoreFailure | null = null;

  private constructor(
    readonly path: string,
    readonly db: Database.Database,
  ) {
    this.experiments = new ExperimentQueries(db);
    this.runs = new RunQueries(db);
    this.runList = new RunListQueries(db);
    this.metrics = new MetricQueries(db);
    this.models = new ModelQueries(db);
    this.lineage = new LineageQueries(db, this.runs, this.metrics);
    this.audit = new AuditLog(db);
    this.ingestFiles = new IngestFileQueries(db);
    this.retrains = new RetrainLinks(db);
    this.driftChecks = new DriftCheckQueries(this);
    this.runAnnotations = new RunAnnotationWrites(db, (work) => this.write(work), this.audit);
  }

  static open(workspaceFolder: string, options?: OpenOptions): Store {
    return Store.openFile(storePath(workspaceFolder), options);
  }

  static openFile(file: string, options?: OpenOptions): Store {
    return new Store(file, openDatabase(file, options));
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** Moves whenever another connection (another process, or the import worker) commits; this one's own writes leave it. */
  get dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  static get latestSchemaVersion(): number {
    return LATEST_SCHEMA_VERSION;
  }

  /**
   * Runs `work` as one immediate transaction: all of it lands or none, and other writers wait their
   * turn. A store that cannot take the write (read-only, full disk, I/O error) throws a
   * StoreFailure that says what to fix.
   */
  write<T>(work: () => T): T {
    this.refuseIfOpenReadOnly();
    const transaction = this.db.transaction(work);
    try {
      return withBusyRetry(() => transaction.immediate());
    } catch (error) {
      throw this.failureOf(error);
    }
  }

  /**
   * The StoreFailure a write's error stands for (a full disk, a read-only file…), remembered as
   * writeFailure; any other error as it is. For writes made outside write(): chunked imports.
   */
  failureOf(error: unknown): unknown {
    const failure = storeFailure(error, this.path);
    if (failure === null) return error;
    this.lastWriteFailure = failure;
    return failure;
  }

  /**
   * The last StoreFailure a write met on this connection, so that work which goes on past items
   * that failed (an import, run by run) can tell when the store itself was the cause.
   */
  get writeFailure(): StoreFailure | null {
    return this.lastWriteFailure;
  }

  /**
   * Throws the StoreFailure a write would meet when the store cannot be written (a read-only
   * file, `-wal`, `-shm` or folder), writing nothing: for a command to check before it does
   * something the store must then record (a git tag). A full disk shows only when bytes are written.
   */
  assertWritable(): void {
    this.refuseIfOpenReadOnly();
    const version = this.schemaVersion;
    try {
      withBusyRetry(() => this.db.exec('BEGIN IMMEDIATE'));
      try {
        // Rewriting the header's own value makes SQLite ask for a writable page; the rollback keeps nothing.
        this.db.pragma(`user_version = ${version}`);
      } finally {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      }
    } catch (error) {
      throw storeFailure(error, this.path) ?? error;
    }
  }

  /** Throws, writing nothing, when this connection was opened read-only. */
  refuseIfOpenReadOnly(): void {
    if (this.db.readonly) {
      throw new StoreFailure('read-only', `${this.path} was opened read-only (an untrusted workspace, a command that only reads, or a store this user cannot write); nothing was written.`);
    }
  }

  counts(): StoreCounts {
    const count = (table: string) => this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
    return {
      experiments: count('experiments'),
      runs: count('runs'),
      metricSeries: count('metric_series'),
      metricPoints: count('metric_points'),
      models: count('models'),
      modelVersions: count('model_versions'),
      auditEntries: count('audit_log'),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
