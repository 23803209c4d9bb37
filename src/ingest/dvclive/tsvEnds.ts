import * as fs from 'node:fs';

/** Bytes read at each end of a file: far more than a header or a metric line takes. */
const END_BYTES = 64 * 1024;

/** The header, first data line and last complete line of a tsv, read from its two ends only. */
export interface TsvEnds {
  header: string | null;
  first: string | null;
  last: string | null;
}

/**
 * Reads a tsv's ends, so a run's start and end times come from its first and last rows without
 * reading what lies between. A last line still being written (no line break yet) is left out.
 */
export function readTsvEnds(file: string): TsvEnds {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = completeLines(readAt(fd, 0, Math.min(size, END_BYTES)));
    const tailStart = Math.max(0, size - END_BYTES);
    const tail = completeLines(readAt(fd, tailStart, size - tailStart));
    if (tailStart > 0) tail.shift(); // the window may start inside a line
    const first = head[1] ?? null;
    return { header: head[0] ?? null, first, last: first === null ? null : (tail.at(-1) ?? null) };
  } finally {
    fs.closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): string {
  const buffer = Buffer.alloc(length);
  const read = fs.readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read).toString('utf8');
}

/** The lines ended by a line break (what follows the last one is a line not yet complete). */
function completeLines(text: string): string[] {
  const pieces = text.split('\n');
  pieces.pop();
  return pieces.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}
