/**
 * TensorBoard's smoothing: an exponential moving average, debiased so that the first values are
 * not pulled towards zero (the EMA starts at 0 and is divided by 1 - weight^n, as Adam does).
 * `weight` is the slider, 0 (no smoothing) to 1; at 1 the EMA's limit is the running mean, which
 * is what is returned rather than 0 / 0. Non-finite values pass through unchanged and leave the
 * average alone, so one NaN does not blank the rest of the line.
 */
export function smoothEma(values: ArrayLike<number>, weight: number): Float64Array {
  const w = Math.min(1, Math.max(0, weight));
  const out = new Float64Array(values.length);
  let average = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) {
      out[i] = value;
      continue;
    }
    n += 1;
    if (w === 1) {
      average += (value - average) / n;
      out[i] = average;
    } else {
      average = average * w + (1 - w) * value;
      out[i] = average / (1 - w ** n);
    }
  }
  return out;
}
