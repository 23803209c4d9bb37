import type { Diagnostic } from '../diagnostics';
import type { SourceRef } from '../sources';
import type { ImportSummary } from '../types';

/**
 * Messages between the extension host and the ingest worker thread, which runs imports so that
 * the synchronous SQLite and file work never blocks the extension host.
 */
export interface ImportRequest {
  type: 'import';
  id: number;
  /** Absolute path of the workspace folder whose store receives the runs. */
  workspace: string;
  /** The sources to import, or every source found in the workspace. */
  sources: SourceRef[] | 'discover';
  /** Only find the sources (reported as `discovered`); import nothing. */
  discoverOnly?: boolean;
}

export type ToIngestWorker = ImportRequest;

export type FromIngestWorker =
  | { type: 'discovered'; id: number; sources: SourceRef[] }
  | { type: 'progress'; id: number; source: string; done: number; total: number | null }
  | { type: 'diagnostic'; id: number; diagnostic: Diagnostic }
  | { type: 'done'; id: number; summaries: ImportSummary[] }
  | { type: 'failed'; id: number; message: string };
