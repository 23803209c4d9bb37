import { smoothEma } from '../../src/common/smoothing';
import type { SeriesColumns } from '../../src/protocol/compare';

/** A bucket is drawn at the middle of its x extent (one point when it holds one raw point). */
export function bucketXs(series: SeriesColumns): number[] {
  return series.firstX.map((first, i) => (first + series.lastX[i]!) / 2);
}

/** [x, y] pairs; null y breaks the line where a bucket has no finite value. */
export function linePoints(xs: readonly number[], ys: readonly (number | null)[]): [number, number | null][] {
  return xs.map((x, i) => [x, ys[i] ?? null]);
}

/** The EMA of the bucket means; gaps stay gaps (smoothEma passes NaN through). */
export function smoothed(ys: readonly (number | null)[], weight: number): (number | null)[] {
  const out = smoothEma(ys.map((y) => y ?? Number.NaN), weight);
  return Array.from(out, (v) => (Number.isFinite(v) ? v : null));
}

/** Log y needs every value of the band above zero. */
export function allPositive(series: readonly SeriesColumns[]): boolean {
  return series.every((s) => s.min.every((v) => v === null || v > 0));
}

/** Words for the buckets holding NaN or ±Infinity, e.g. "2 NaN, 1 +∞". */
export function nonFiniteText(counts: readonly [number, number, number, number]): string {
  const [, nan, posInf, negInf] = counts;
  return [nan ? `${nan} NaN` : '', posInf ? `${posInf} +∞` : '', negInf ? `${negInf} −∞` : ''].filter((t) => t).join(', ');
}
