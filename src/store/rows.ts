import type { Origin } from '../core/types';

/** Column names shared by every table that records where its rows came from. */
export interface OriginColumns {
  origin_source: string;
  origin_id: string | null;
  origin_path?: string | null;
}

export function originFromRow(row: OriginColumns): Origin {
  return { source: row.origin_source as Origin['source'], id: row.origin_id, path: row.origin_path ?? null };
}

/** SQLite keeps NaN as NULL: read it back as NaN where a number is required. */
export function numberOrNaN(value: number | null): number {
  return value === null ? Number.NaN : value;
}

export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}
