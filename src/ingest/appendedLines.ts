import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import * as fs from 'node:fs';
import type { Store } from '../store/store';

const CHUNK_BYTES = 1 << 20;
const HEAD_BYTES = 4096;
/** A longer line is not a metric or an event: it is skipped rather than held in memory. */
const MAX_LINE_BYTES = 16 << 20;
const utf8 = new TextDecoder('utf-8', { fatal: true });
/**
 * The one buffer files are read into (reads are synchronous and handlers keep nothing of it): a
 * buffer per file, for an import's 10,000 metric files of 370 kB, was garbage V8 let pile up to
 * tens of MB of RSS, and, when it was a megabyte, most of the time of an import of small files.
 */
const readBuffer = Buffer.allocUnsafe(CHUNK_BYTES);

export interface LineHandlers {
  /** The file was truncated or rewritten since the last read: forget what was read from it. */
  onReset(): void;
  /** One complete line (without its line break), 1-based line number. */
  onLine(text: string, line: number): void;
  /**
   * Optional fast path, for a reader that parses bytes: one complete line as `bytes[start, end)`
   * (valid UTF-8, without its line break). Returns false to be given the line as text (onLine)
   * instead. `bytes` is reused for the next read: keep nothing of it.
   */
  onLineBytes?(bytes: Buffer, start: number, end: number, line: number): boolean;
  /** A line that is not UTF-8: skipped, reported by the caller. */
  onBadLine(line: number, message: string): void;
  /**
   * Asked after each chunk of about 1 MB: true stops the read at the chunk's last line break, with
   * the position recorded there, so the caller can commit what it has and read on (`more`).
   */
  shouldPause?(): boolean;
}

export interface AppendedRead {
  /** Bytes after the last line break: a line still being written, or torn by a killed writer. */
  pending: { text: string; line: number } | null;
  /** Whether anything new was read. */
  changed: boolean;
  /** The read paused (shouldPause) before the end of the file. */
  more: boolean;
}

/**
 * Reads the lines appended to `file` since the position recorded in the store under `key`, and
 * records the new position. A file that shrank or whose first bytes changed is read again from
 * the start (after onReset). Memory stays bounded: the file is read in 1 MB chunks.
 * Call inside a store write, with the writes of the rows read, so both land or neither does.
 */
export function readAppendedLines(store: Store, file: string, key: string, handlers: LineHandlers): AppendedRead {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    let position = store.ingestFiles.get(key);
    if (position && (stat.size < position.offset || headHash(fd, Math.min(position.offset, HEAD_BYTES)) !== position.headHash)) {
      handlers.onReset();
      position = undefined;
    }
    if (position && stat.size === position.size && Math.trunc(stat.mtimeMs) === position.mtimeMs && position.offset === stat.size) {
      return { pending: null, changed: false, more: false };
    }
    let offset = position?.offset ?? 0;
    let line = position?.lines ?? 0;
    let carry: Buffer = Buffer.alloc(0);
    let skipping = false; // inside an over-long line, until its line break
    let more = false;
    // The file's first bytes as read, so a file read from its start is not read again for its hash.
    let head: Buffer | null = null;
    const buffer = readBuffer.subarray(0, Math.max(1, Math.min(CHUNK_BYTES, stat.size - offset)));
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, buffer.length, offset + carry.length);
      if (read === 0) break;
      const chunk = carry.length ? Buffer.concat([carry, buffer.subarray(0, read)]) : buffer.subarray(0, read);
      if (offset === 0 && head === null) head = Buffer.from(chunk.subarray(0, HEAD_BYTES));
      let start = 0;
      const lastBreak = chunk.lastIndexOf(10);
      if (!skipping && lastBreak !== -1 && isUtf8(chunk.subarray(0, lastBreak))) {
        // The common case: a chunk of valid UTF-8, decoded once rather than line by line.
        line = handlers.onLineBytes ? bytesOfLines(chunk, lastBreak, line, handlers) : textOfLines(chunk, lastBreak, line, handlers);
        start = lastBreak + 1;
      }
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        line += 1;
        if (skipping) skipping = false;
        else emit(chunk.subarray(start, nl > start && chunk[nl - 1] === 13 ? nl - 1 : nl), line, handlers);
        start = nl + 1;
      }
      if (chunk.length - start > MAX_LINE_BYTES) {
        if (!skipping) handlers.onBadLine(line + 1, `longer than ${MAX_LINE_BYTES >> 20} MB; line skipped`);
        skipping = true;
        start = chunk.length;
      }
      offset += start;
      carry = Buffer.from(chunk.subarray(start));
      // Up to the size seen at the start, not the end of a file still being written: what is
      // appended meanwhile is the next import's, and a small file costs one read, not two.
      if (offset + carry.length >= stat.size) break;
      if (!skipping && handlers.shouldPause?.()) {
        more = true;
        break;
      }
    }
    const headLength = Math.min(offset, HEAD_BYTES);
    const headDigest = head !== null && head.length >= headLength ? digest(head.subarray(0, headLength)) : headHash(fd, headLength);
    store.ingestFiles.set({ path: key, size: stat.size, offset, lines: line, headHash: headDigest, mtimeMs: stat.mtimeMs });
    const pending = carry.length && !more ? { text: carry.toString('utf8'), line: line + 1 } : null;
    return { pending, changed: true, more };
  } finally {
    fs.closeSync(fd);
  }
}

/** Hands the lines of chunk[0, lastBreak) to onLine, from one string; returns the last line's number. */
function textOfLines(chunk: Buffer, lastBreak: number, line: number, handlers: LineHandlers): number {
  for (const text of chunk.toString('utf8', 0, lastBreak).split('\n')) {
    line += 1;
    handlers.onLine(text.endsWith('\r') ? text.slice(0, -1) : text, line);
  }
  return line;
}

/**
 * Hands the lines of chunk[0, lastBreak) to onLineBytes, as text to onLine those it declines;
 * returns the last line's number. No string per line: at 100 M points, one string per metric
 * file and its lines were most of the import's garbage and of its peak RSS.
 */
function bytesOfLines(chunk: Buffer, lastBreak: number, line: number, handlers: LineHandlers): number {
  for (let start = 0; start <= lastBreak; ) {
    let nl = start;
    while (nl < lastBreak && chunk[nl] !== 10) nl++;
    const end = nl > start && chunk[nl - 1] === 13 ? nl - 1 : nl;
    line += 1;
    if (!handlers.onLineBytes!(chunk, start, end, line)) handlers.onLine(chunk.toString('utf8', start, end), line);
    start = nl + 1;
  }
  return line;
}

function emit(bytes: Buffer, line: number, handlers: LineHandlers): void {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    handlers.onBadLine(line, 'not valid UTF-8; line skipped');
    return;
  }
  handlers.onLine(text, line);
}

function headHash(fd: number, length: number): string {
  const head = Buffer.alloc(length);
  if (length > 0) fs.readSync(fd, head, 0, length, 0);
  return digest(head);
}

function digest(bytes: Buffer): string {
  return hash('sha256', bytes, 'hex');
}
