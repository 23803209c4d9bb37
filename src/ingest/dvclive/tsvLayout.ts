/**
 * The columns of a DVCLive metric tsv, from its header line. DVCLive 2 wrote
 * `timestamp step <name>` (timestamp in milliseconds); DVCLive 3 dropped the timestamp and
 * writes `step <name>`. The value column is the one that is neither.
 */
export interface TsvLayout {
  width: number;
  step: number;
  /** -1 when the file has no timestamp column. */
  timestamp: number;
  value: number;
}

export interface TsvRow {
  step: number;
  /** 0 when the file has no timestamp column. */
  timestamp: number;
  value: number;
}

/** The layout the header describes, or a message saying why it is not a DVCLive header. */
export function parseHeader(line: string): TsvLayout | string {
  const columns = line.split('\t');
  const step = columns.indexOf('step');
  const timestamp = columns.indexOf('timestamp');
  const others = columns.map((_, i) => i).filter((i) => i !== step && i !== timestamp);
  if (step === -1 || others.length !== 1) {
    return `header ${JSON.stringify(line)} is not DVCLive's "[timestamp] step <name>", tab-separated; file skipped`;
  }
  return { width: columns.length, step, timestamp, value: others[0]! };
}

/** One data line as a point, or a message saying what is wrong with it. */
export function parseRow(line: string, layout: TsvLayout): TsvRow | string {
  const fields = line.split('\t');
  if (fields.length !== layout.width) return `expected ${layout.width} tab-separated fields, found ${fields.length}; line skipped`;
  const step = parseInteger(fields[layout.step]!);
  if (step === null) return `step ${JSON.stringify(fields[layout.step])} is not an integer; line skipped`;
  const timestamp = layout.timestamp === -1 ? 0 : parseInteger(fields[layout.timestamp]!);
  if (timestamp === null) return `timestamp ${JSON.stringify(fields[layout.timestamp])} is not an integer; line skipped`;
  const value = parseValue(fields[layout.value]!);
  if (value === null) return `value ${JSON.stringify(fields[layout.value])} is not a number; line skipped`;
  return { step, timestamp, value };
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** How Python's str(float) spells non-finite values, and JSON-ish spellings of them. */
const NON_FINITE: Readonly<Record<string, number>> = {
  nan: Number.NaN, '-nan': Number.NaN,
  inf: Number.POSITIVE_INFINITY, '+inf': Number.POSITIVE_INFINITY, infinity: Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY, '-infinity': Number.NEGATIVE_INFINITY,
};

function parseInteger(text: string): number | null {
  const trimmed = text.trim();
  return INTEGER.test(trimmed) ? Number(trimmed) : null;
}

function parseValue(text: string): number | null {
  const trimmed = text.trim();
  if (DECIMAL.test(trimmed)) return Number(trimmed);
  return NON_FINITE[trimmed.toLowerCase()] ?? null;
}
