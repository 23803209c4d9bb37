/** A deterministic PRNG (mulberry32), so a failing property case can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
