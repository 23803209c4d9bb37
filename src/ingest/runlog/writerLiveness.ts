import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseLine } from './parseLine';

/** A start line longer than this has no pid worth finding. */
const START_LINE_MAX_BYTES = 64 * 1024;

export interface Writer {
  pid: number;
  host: string;
}

/**
 * The writer of a run log that has no end line, if it is known to be gone: its start line names
 * this host and a pid no live process has. Anything less certain (another host, no pid) is not
 * a verdict: the run stays running. A reused pid can only make a dead writer look alive.
 */
export function deadWriter(file: string): Writer | null {
  const start = readStartLine(file);
  if (start?.pid == null || start.host !== os.hostname()) return null;
  return isAlive(start.pid) ? null : { pid: start.pid, host: start.host };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: alive, owned by another user
  }
}

/** The start line alone, read again because earlier imports consumed it. */
function readStartLine(file: string): { pid: number | null; host: string | null } | null {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(START_LINE_MAX_BYTES);
    const head = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0));
    const end = head.indexOf(10);
    if (end === -1) return null;
    const parsed = parseLine(head.subarray(0, end).toString('utf8'));
    return parsed.kind === 'event' && parsed.event.type === 'start' ? parsed.event : null;
  } finally {
    fs.closeSync(fd);
  }
}
