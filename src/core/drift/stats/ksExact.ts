/**
 * Exact two-sided p-value of the two-sample Kolmogorov–Smirnov statistic, as SciPy's `ks_2samp`
 * computes it for samples of up to 10,000 (Hodges 1958; Viehmann 2021 for the stable 1 − p).
 */

/** Pr(D_{n,n} ≥ h/n) for two samples of the same size n, by a Horner-like alternating sum. */
function outsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let term = 1;
    for (let j = 0; j < h; j++) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    p = term * (1 - p);
  }
  return 2 * p;
}

/**
 * The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m − y/n| < h/lcm(m, n),
 * one column at a time over a sliding window, each step scaled so the entries stay shares.
 */
function outsideBand(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const length = Math.min(2 * maxJ + 2, n + 1);
  const a = new Float64Array(length).fill(1);
  for (let j = minJ; j < maxJ; j++) a[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    let value = minJ === 0 ? 0 : 1;
    for (let jj = 0; jj < maxJ - minJ; jj++) {
      const j = jj + minJ;
      value = (a[jj + minJ - lastMinJ] * i + value * j) / (i + j);
      a[jj] = value;
    }
    currentLength = maxJ - minJ;
    // Entries the narrower window no longer covers start the next column as 1 again.
    for (let at = currentLength; at < Math.min(lastLength, length); at++) a[at] = 1;
  }
  return a[maxJ - minJ - 1];
}

export function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return x;
}

/** NumPy's rounding: halves to even. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * The exact p-value for statistic d of samples of n1 and n2, with d snapped to the lattice
 * (h / lcm) as SciPy reports it; null where the computation is not a probability (SciPy then
 * falls back to the asymptotic distribution).
 */
export function exactTwoSampleP(n1: number, n2: number, d: number): { statistic: number; pValue: number } | null {
  const g = greatestCommonDivisor(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { statistic, pValue: 1 };
  const pValue = n1 === n2 ? outsideSquare(n1, h) : outsideBand(n1, n2, g, h);
  return pValue >= 0 && pValue <= 1 ? { statistic, pValue } : null;
}
