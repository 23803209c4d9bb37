import { seededRandom } from '../../../src/core/profile/seededRandom';

/** A deterministic PRNG (mulberry32), so a failing property case can be replayed from its seed. */
export const prng = seededRandom;

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A value of a noisy curve, now and then NaN or ±Infinity when `nonFinite` is above 0. */
export function randomValue(random: () => number, nonFinite: number): number {
  const r = random();
  if (r < nonFinite / 3) return Number.NaN;
  if (r < (2 * nonFinite) / 3) return Number.POSITIVE_INFINITY;
  if (r < nonFinite) return Number.NEGATIVE_INFINITY;
  return (random() - 0.5) * 10 ** randomInt(random, -3, 6);
}
