import type { Cell } from './types';

/**
 * Texts that pandas reads as missing by default (`na_values`), so that a CSV profile agrees with
 * what a Python user sees in `pd.read_csv`; the empty cell is the common one. "NaN" and "nan" are
 * not here: they are NaN numbers, counted apart.
 */
const MISSING = new Set(['', 'NA', 'N/A', 'n/a', 'NULL', 'null', '#N/A', '<NA>']);

/** Non-finite numbers as CSV writers spell them (pandas, NumPy, R, Excel exports). */
const NON_FINITE = new Map<string, number>([
  ['NaN', NaN], ['nan', NaN], ['-NaN', NaN], ['-nan', NaN],
  ['inf', Infinity], ['+inf', Infinity], ['Inf', Infinity], ['Infinity', Infinity], ['+Infinity', Infinity],
  ['-inf', -Infinity], ['-Inf', -Infinity], ['-Infinity', -Infinity],
]);

const MISSING_LONGEST = Math.max(...[...MISSING].map((m) => m.length));
const NON_FINITE_LONGEST = Math.max(...[...NON_FINITE.keys()].map((m) => m.length));
const CODE_0 = 48;
const CODE_9 = 57;

/**
 * A CSV or TSV cell as a value: a missing marker is null, a decimal number (with exponent) is
 * that number, "NaN"/"inf"/"-inf" are those, anything else stays text. Hexadecimal, octal and
 * binary literals, which `Number` would accept, stay text, as in pandas.
 */
export function textCell(text: string): Cell {
  if (text.length === 0) return null;
  const first = text.charCodeAt(0);
  // Only a digit, sign or point can begin a number: most text is settled by its first character.
  if ((first >= CODE_0 && first <= CODE_9) || first === 45 /* - */ || first === 43 /* + */ || first === 46 /* . */) {
    const simple = simpleDecimal(text);
    if (simple === simple) return simple;
    const value = Number(text);
    // A decimal too large for a double (1e999) is ±Infinity, as NumPy reads it.
    if (value === value && isDecimal(text)) return value;
  }
  // Cheap tests first: most texts are neither (every missing marker has at most 4 characters).
  if (text.length <= NON_FINITE_LONGEST) {
    const special = NON_FINITE.get(text);
    if (special !== undefined) return special;
  }
  return text.length <= MISSING_LONGEST && MISSING.has(text) ? null : text;
}

/** Powers of ten exactly representable as doubles. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A plain decimal such as "-479.3237" with at most 15 digits, or NaN for anything else (an
 * exponent, more digits, other characters), which Number() then reads. With ≤ 15 digits the
 * digits form an exact integer and its division by an exact power of ten is correctly rounded,
 * so the result is Number(text)'s to the bit (Clinger's fast path), at a fraction of its cost.
 */
function simpleDecimal(text: string): number {
  let i = 0;
  const negative = text.charCodeAt(0) === 45;
  if (negative || text.charCodeAt(0) === 43) i = 1;
  let mantissa = 0;
  let digits = 0;
  let scale = -1;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= CODE_0 && code <= CODE_9) {
      mantissa = mantissa * 10 + (code - CODE_0);
      digits++;
      if (scale >= 0) scale++;
    } else if (code === 46 && scale < 0) scale = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const value = scale > 0 ? mantissa / POW10[scale]! : mantissa;
  return negative ? -value : value;
}

/** Number() also takes "0x1f", "0b1", "0o7" and surrounding spaces; a decimal needs neither. */
function isDecimal(text: string): boolean {
  const second = text.charCodeAt(1);
  if (second === 120 || second === 98 || second === 111 || second === 88 || second === 66 || second === 79) return false; // x b o
  const last = text.charCodeAt(text.length - 1);
  return last !== 32 && text.charCodeAt(0) !== 32 && last !== 9;
}
