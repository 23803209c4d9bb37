import type { ProfileBuilder } from '../core/profile/profileBuilder';
import type { DataFormat } from '../core/profile/types';

/** What a reader feeds: a profile builder, or one that also keeps every value (sideFromFile). */
export type TableSink = ProfileBuilder;

/** Makes the sink once the reader knows the columns it starts with. */
export type SinkFactory<S extends TableSink> = (columns: readonly string[]) => S;

export interface TableRead<S extends TableSink> {
  sink: S;
  format: DataFormat;
  sha256: string;
  bytes: number;
}
