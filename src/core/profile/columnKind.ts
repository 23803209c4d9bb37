import { DISTINCT_LIMIT, type ColumnKind } from './types';

/** What a column held, as its accumulator saw it. */
export interface KindEvidence {
  /** Number cells, NaN and ±Infinity included. */
  numbers: number;
  /** Text cells (booleans counted as their text). */
  texts: number;
  /** Distinct texts, or null when more than DISTINCT_LIMIT. */
  distinctTexts: number | null;
  /** Total length of the text cells, in UTF-16 code units. */
  textLength: number;
  /** Every text is "true" or "false" (any case). */
  booleanTexts: boolean;
  /** Every text is an ISO 8601 date or date-time. */
  dateTexts: boolean;
}

/** Texts this long on average, mostly distinct, are free text rather than categories. */
const TEXT_MEAN_LENGTH = 20;
const TEXT_DISTINCT_SHARE = 0.5;

/**
 * The kind of a column, from what it held:
 * - only numbers: numerical, however few distinct values it has. Evidently tests a numerical
 *   column with ≤ 5 distinct values as categorical; that is the drift engine's choice, made on
 *   both sides at once, not the profile's (a 0/1 label column is still summarised as numbers).
 *   A column with no value at all is numerical too, as pandas reads an empty column (float NaN).
 * - only "true"/"false" texts (or Parquet/JSON booleans): boolean.
 * - only ISO 8601 dates or date-times: datetime (never drift-tested by default, as in Evidently).
 * - other texts (or numbers mixed with texts): text when they look like free text, that is more
 *   than DISTINCT_LIMIT distinct values (a category test over that many is meaningless: ids,
 *   sentences), or at least half the cells distinct with a mean length of 20 characters or more
 *   (comments, descriptions); categorical otherwise.
 */
export function inferKind(evidence: KindEvidence): ColumnKind {
  if (evidence.texts === 0) return 'numerical';
  if (evidence.numbers === 0 && evidence.booleanTexts) return 'boolean';
  if (evidence.numbers === 0 && evidence.dateTexts) return 'datetime';
  if (evidence.distinctTexts === null || evidence.distinctTexts > DISTINCT_LIMIT) return 'text';
  const meanLength = evidence.textLength / evidence.texts;
  const distinctShare = evidence.distinctTexts / evidence.texts;
  return meanLength >= TEXT_MEAN_LENGTH && distinctShare >= TEXT_DISTINCT_SHARE ? 'text' : 'categorical';
}
