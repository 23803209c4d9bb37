/**
 * Mulberry32: a small, fast 32-bit PRNG. Seeded, so that the reservoir sample (and with it the
 * profile's bytes, hence its content address) is the same every time the same file is profiled.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
