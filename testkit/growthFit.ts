/**
 * How a benchmark's cost grows with its volume, fitted from its figures at several scales
 * (`npm run bench -- scale`; the rule is written out in bench/README.md). Here, not in bench/,
 * so that its unit test can check it on synthetic data of known growth.
 */

/** A figure that falls as the volume grows (a frame rate, a throughput) has a kind of its own: never "constant". */
export type GrowthKind = 'falls linearly' | 'falls' | 'constant' | 'log' | 'sublinear' | 'linear' | 'superlinear' | 'unknown';

export interface Growth {
  kind: GrowthKind;
  /** The least-squares slope of log(value) against log(volume): 0 flat, 1 proportional, -1 inversely proportional. NaN when unknown. */
  slope: number;
}

/** Within this log-log slope either side of 0 a figure counts as constant: at most 1.41× up or down per tenfold volume. */
export const CONSTANT_BELOW = 0.15;
/** From here to LINEAR_BELOW a figure counts as linear: 7× to 14× per tenfold volume. */
export const LINEAR_FROM = 0.85;
export const LINEAR_BELOW = 1.15;

/**
 * The growth of `value` with `volume` from (volume, value) pairs with both positive: the slope
 * says falling (linearly when near -1: value ∝ 1/volume), constant, linear or superlinear; between constant and linear, the better of two
 * least-squares fits, value = a + c·ln(volume) (log) or value = a + c·volume (linear, a fixed
 * cost plus a part proportional to the volume), says which; with only two points both fit
 * exactly, so it stays "sublinear". Fewer than two usable points: unknown.
 */
export function fitGrowth(points: readonly { volume: number; value: number }[]): Growth {
  const usable = points.filter((p) => p.volume > 0 && p.value > 0 && Number.isFinite(p.volume) && Number.isFinite(p.value));
  if (new Set(usable.map((p) => p.volume)).size < 2) return { kind: 'unknown', slope: Number.NaN };
  const slope = leastSquares(usable.map((p) => Math.log(p.volume)), usable.map((p) => Math.log(p.value))).slope;
  if (slope <= -CONSTANT_BELOW) return { kind: slope > -LINEAR_BELOW && slope <= -LINEAR_FROM ? 'falls linearly' : 'falls', slope };
  if (slope < CONSTANT_BELOW) return { kind: 'constant', slope };
  if (slope >= LINEAR_BELOW) return { kind: 'superlinear', slope };
  if (slope >= LINEAR_FROM) return { kind: 'linear', slope };
  if (usable.length < 3) return { kind: 'sublinear', slope };
  const values = usable.map((p) => p.value);
  const logResidual = leastSquares(usable.map((p) => Math.log(p.volume)), values).residual;
  const linearResidual = leastSquares(usable.map((p) => p.volume), values).residual;
  return { kind: logResidual <= linearResidual ? 'log' : 'linear', slope };
}

/**
 * The words a result's note carries: "log (log-log slope 0.24)"; a falling figure says by how much
 * it drops per tenfold volume, "falls linearly (10.7× lower per tenfold volume; log-log slope -1.03)".
 */
export function describeGrowth(growth: Growth): string {
  if (growth.kind === 'unknown') return 'growth unknown (fewer than two scales measured)';
  const slope = `log-log slope ${growth.slope.toFixed(2)}`;
  if (growth.kind === 'falls linearly' || growth.kind === 'falls') return `${growth.kind} (${(10 ** -growth.slope).toFixed(1)}× lower per tenfold volume; ${slope})`;
  return `${growth.kind} (${slope})`;
}

/** The least-squares line y = a + slope·x, and its sum of squared residuals. */
function leastSquares(xs: readonly number[], ys: readonly number[]): { slope: number; residual: number } {
  const n = xs.length;
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
    sxx += (xs[i]! - meanX) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residual = xs.reduce((s, x, i) => s + (ys[i]! - intercept - slope * x) ** 2, 0);
  return { slope, residual };
}
