import * as fs from 'node:fs';

/** The 25 columns of the generated CSV: what a training table of mixed kinds looks like. */
export const MIXED_CSV_COLUMNS = [
  ...Array.from({ length: 10 }, (_, i) => `feature_${i}`), // floats, many distinct values
  ...Array.from({ length: 5 }, (_, i) => `count_${i}`), // small integers
  ...Array.from({ length: 5 }, (_, i) => `category_${i}`), // a few labels
  'flag_0',
  'flag_1', // true/false
  'event_time', // ISO date-times, one a minute
  'comment', // free text
  'user_id', // many distinct ids
];

const LABELS = ['north', 'south', 'east', 'west', 'central', 'online', 'partner', 'other'];
const WORDS = ['late', 'delivery', 'great', 'service', 'refund', 'asked', 'for', 'the', 'price', 'was', 'fine', 'again'];

/** A small seeded generator (xorshift32), so every run writes the same file. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/**
 * Writes a CSV of `rows` rows and MIXED_CSV_COLUMNS, with about 1% empty cells, in pieces so
 * that a million rows never sit in memory. Returns the file's size in bytes.
 */
export function writeMixedCsv(file: string, rows: number): number {
  const random = xorshift(20261205);
  const fd = fs.openSync(file, 'w');
  let bytes = fs.writeSync(fd, MIXED_CSV_COLUMNS.join(',') + '\n');
  const start = Date.UTC(2024, 0, 1);
  try {
    for (let done = 0; done < rows; ) {
      const lines: string[] = [];
      for (const end = Math.min(rows, done + 10_000); done < end; done++) {
        const cells: string[] = [];
        for (let f = 0; f < 10; f++) cells.push(((random() - 0.5) * 10 ** (f % 4)).toFixed(4));
        for (let c = 0; c < 5; c++) cells.push(String(Math.floor(random() * (3 + c * 20))));
        for (let c = 0; c < 5; c++) cells.push(LABELS[Math.floor(random() * (2 + c))]!);
        cells.push(random() < 0.3 ? 'true' : 'false', random() < 0.5 ? 'True' : 'False');
        cells.push(new Date(start + done * 60_000).toISOString().slice(0, 19));
        cells.push(Array.from({ length: 3 + Math.floor(random() * 5) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' '));
        cells.push(`u${Math.floor(random() * 2 ** 31).toString(16)}`);
        for (let c = 0; c < cells.length; c++) if (random() < 0.01) cells[c] = '';
        lines.push(cells.join(','));
      }
      bytes += fs.writeSync(fd, lines.join('\n') + '\n');
    }
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}
