import type { Origin } from '../core/types';
import type { Store } from '../store/store';
import type { DiagnosticSink } from './diagnostics';

export const SOURCE_KINDS = ['mlflow', 'mlflow-db', 'dvclive', 'runlog'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** The origin the store records for the runs of each kind of source. */
export const ORIGIN_OF: Readonly<Record<SourceKind, Origin['source']>> = { mlflow: 'mlflow', 'mlflow-db': 'mlflow-db', dvclive: 'dvclive', runlog: 'native' };

export interface IngestContext {
  store: Store;
  /** The workspace folder (absolute). Nothing outside it is read; origins are stored relative to it. */
  workspace: string;
  diagnostics: DiagnosticSink;
  /** Called as runs are imported; `total` is null while unknown. */
  progress?(done: number, total: number | null): void;
}

export interface ImportSummary {
  kind: SourceKind;
  /** The source's path relative to the workspace ('.' for the workspace itself). */
  source: string;
  experiments: number;
  runs: number;
  models: number;
  /** Runs left out because of an error (each has a diagnostic). */
  failedRuns: number;
}
