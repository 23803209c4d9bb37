import { seededRandom } from './seededRandom';

/** The seed of every profile's sample: a fixed one, so the same file gives the same profile bytes. */
const SAMPLE_SEED = 0x5eed_13;

/**
 * Which slot of a reservoir of `size` rows each row lands in (Algorithm R): row i < size takes
 * slot i; a later row i replaces slot j, j uniform in [0, i], when j < size, else is not kept.
 * The choice depends only on the row's index, never on its values, so the same plan serves
 * readers that go row by row (CSV) and column chunk by column chunk (Parquet): the slots of a
 * range of rows are drawn once and applied to each column.
 */
export class ReservoirPlan {
  private readonly random = seededRandom(SAMPLE_SEED);
  private seen = 0;

  constructor(readonly size: number) {}

  /** Rows drawn so far. */
  get rows(): number {
    return this.seen;
  }

  /** The slot of the next row, or -1 when it is not kept. */
  next(): number {
    const i = this.seen++;
    if (i < this.size) return i;
    const j = Math.floor(this.random() * (i + 1));
    return j < this.size ? j : -1;
  }

  /** The slots of the next `count` rows (-1: not kept). */
  nextSlots(count: number): Int32Array {
    const slots = new Int32Array(count);
    for (let k = 0; k < count; k++) slots[k] = this.next();
    return slots;
  }
}
