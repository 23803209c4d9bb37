import type { DriftOptions } from '../../core/drift/options';
import type { DriftReport } from '../../core/drift/types';
import type { DataProfile } from '../../core/profile/types';
import type { DataReference } from '../dataReference';
import type { SavedProfile } from '../profileFiles';

/**
 * Messages between the extension host and the data worker thread, which reads data files
 * (a 3 M-row Parquet file takes seconds) so the extension host never blocks on them.
 */
export type ToDataWorker =
  | { type: 'drift'; id: number; workspace: string; reference: DataReference; current: DataReference; options: DriftOptions }
  | { type: 'profile'; id: number; workspace: string; file: string; label: string; save: boolean };

export type FromDataWorker =
  | { type: 'report'; id: number; report: DriftReport }
  | { type: 'profiled'; id: number; profile: DataProfile; saved: SavedProfile | null }
  /** `user`: a problem with the data or the request, said to the user as it is; else a bug. */
  | { type: 'failed'; id: number; message: string; user: boolean };
