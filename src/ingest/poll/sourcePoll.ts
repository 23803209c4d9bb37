import type { SourceRef } from '../sources';

/** What a poll found changed: the source (or one run log file) to read again, and for an MLflow store the run folder the change is in. */
export interface PolledChange {
  source: SourceRef;
  /** The one MLflow run folder that changed; null: the change concerns the whole source. */
  runDir: string | null;
}

/**
 * Looks at a source's files on a timer, as a fallback beside the file watcher: VS Code's watcher
 * never watches a folder made moments after its parent (as MLflow makes a run's `metrics/`, or a
 * training script `.modelledger/runs/`), and changes there would go unseen. Each check costs a
 * bounded number of `stat` calls: only what is live is looked at closely.
 */
export interface SourcePoll {
  /** What changed since the last check (or since the poll was made). Never throws. */
  check(): PolledChange[];
}
