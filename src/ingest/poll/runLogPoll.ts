import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRunLogFileName } from '../runlog/runId';
import type { PolledChange, SourcePoll } from './sourcePoll';
import { stampOf, statStamp } from './stamps';

/** A run log file written to within this long is looked at on every check; older ones (mostly finished runs) every `QUIET_CHECK_MS`. */
const ACTIVE_MS = 10 * 60_000;
const QUIET_CHECK_MS = 30_000;

interface Known {
  stamp: string;
  mtimeMs: number;
}

/**
 * The run log folder `.modelledger/runs`, followed even before it exists: a new file is a new run,
 * and a recently written file (a run still logging) is read again when it grows; a file quiet for
 * minutes is looked at twice a minute, so a run that logs again after a long pause is still seen.
 */
export class RunLogPoll implements SourcePoll {
  private folderStamp: string | null;
  private readonly files = new Map<string, Known>();
  private quietCheckedAt: number;

  constructor(
    private readonly runsDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.folderStamp = stampOf(runsDir);
    for (const file of this.list()) this.remember(file);
    this.quietCheckedAt = now();
  }

  check(): PolledChange[] {
    const changed = new Set<string>();
    const folderStamp = stampOf(this.runsDir);
    if (folderStamp !== this.folderStamp) {
      this.folderStamp = folderStamp;
      for (const file of this.list()) if (!this.files.has(file) && this.remember(file)) changed.add(file);
    }
    const now = this.now();
    const quietToo = now - this.quietCheckedAt >= QUIET_CHECK_MS;
    if (quietToo) this.quietCheckedAt = now;
    for (const [file, known] of this.files) {
      if (!quietToo && now - known.mtimeMs > ACTIVE_MS) continue;
      if (!this.remember(file)) this.files.delete(file);
      else if (this.files.get(file)!.stamp !== known.stamp) changed.add(file);
    }
    return [...changed].map((file) => ({ source: { kind: 'runlog', path: file }, runDir: null }));
  }

  private list(): string[] {
    try {
      return fs
        .readdirSync(this.runsDir)
        .filter(isRunLogFileName)
        .map((name) => path.join(this.runsDir, name));
    } catch {
      return [];
    }
  }

  /** Records the file's stamp; false when it is gone. */
  private remember(file: string): boolean {
    try {
      const stat = fs.statSync(file);
      this.files.set(file, { stamp: statStamp(stat), mtimeMs: stat.mtimeMs });
      return true;
    } catch {
      return false;
    }
  }
}
