import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../../core/errors';
import { UnitCutOff, type ChunkedWrite, type UnitCommits } from '../../store/chunkedWrite';
import type { FilePosition } from '../../store/ingestFiles';
import { runImportMark } from '../runRecord';
import { readAppendedLines } from '../appendedLines';
import type { IngestContext } from '../types';
import { realPathInside, relativeToWorkspace } from '../workspacePaths';
import { RUN_LOG_VERSION } from './events';
import { parseLine, type ParsedLine } from './parseLine';
import { clearRun, RunApplier } from './runApplier';
import { runIdOfFileName } from './runId';
import { deadWriter } from './writerLiveness';

/** How long a line without its line break may wait for the rest before it is reported as torn. */
const TORN_LINE_GRACE_MS = 5_000;

export type FileOutcome =
  | { kind: 'run'; experimentId: string }
  /** No complete start line yet: a writer that has just begun. */
  | { kind: 'waiting' }
  /** The file cannot be imported; a diagnostic says why. */
  | { kind: 'skipped' };

/** Thrown inside the store write so that nothing read from a skipped file lands. */
class SkipFile extends Error {}

/**
 * Imports the lines appended to one run log since the last import, as one unit of the import: a
 * long file is committed in pieces, the run marked as importing until the last (store/chunkedWrite.ts).
 * `folder` is the run log folder relative to the workspace (the experiments' origin).
 */
export function importRunLogFile(ctx: IngestContext, writes: ChunkedWrite, file: string, folder: string): FileOutcome {
  const runId = runIdOfFileName(path.basename(file));
  if (runId === null) {
    ctx.diagnostics.error(file, 'the name is not <run id>.jsonl (a run id is A-Z a-z 0-9 _ . -, not starting with . or -); file skipped');
    return { kind: 'skipped' };
  }
  const real = realPathInside(ctx.workspace, file, ctx.diagnostics);
  if (real === null) return { kind: 'skipped' };
  try {
    return writes.unit((commits) => new RunLogFileRead(ctx, { file, real, folder, runId }, commits).read(), runImportMark(ctx.store, runId));
  } catch (error) {
    if (error instanceof SkipFile) return { kind: 'skipped' };
    if (error instanceof UnitCutOff) {
      ctx.diagnostics.error(file, `${errorMessage(error)}; the part read is shown as importing until an import completes it`);
      return { kind: 'skipped' };
    }
    if (isFileSystemError(error)) {
      ctx.diagnostics.error(file, `cannot be read (${error.code}); file skipped`);
      return { kind: 'skipped' };
    }
    throw error;
  }
}

/** One import of one file: the state of its run while the new lines are applied. */
class RunLogFileRead {
  private readonly relPath: string;
  private readonly key: string;
  private applier: RunApplier | null = null;
  private readonly unknownTypes = new Set<string>();

  private readonly file: string;
  private readonly real: string;
  private readonly folder: string;
  private readonly runId: string;

  constructor(
    private readonly ctx: IngestContext,
    where: { file: string; real: string; folder: string; runId: string },
    private readonly commits: UnitCommits,
  ) {
    ({ file: this.file, real: this.real, folder: this.folder, runId: this.runId } = where);
    this.relPath = relativeToWorkspace(ctx.workspace, this.file);
    this.key = `runlog:${this.relPath}`;
  }

  read(): FileOutcome {
    this.applier = this.resume();
    let pending: { text: string; line: number } | null;
    for (;;) {
      const read = readAppendedLines(this.ctx.store, this.real, this.key, {
        onReset: () => this.restart(),
        onLine: (text, line) => this.onLine(parseLine(text), line),
        onBadLine: (line, message) => this.onBadLine(line, message),
        // Only once the run is in the store: it is what is marked as importing.
        shouldPause: () => this.applier !== null && this.commits.isDue(),
      });
      pending = read.pending;
      if (!read.more) break;
      this.applier?.finish();
      this.commits.commitSoFar();
    }
    const applier = this.applier;
    const mtimeMs = fs.statSync(this.real).mtimeMs;
    if (applier && !applier.ended) this.checkWriter(applier, mtimeMs);
    applier?.finish();
    if (pending && (applier?.ended || Date.now() - mtimeMs > TORN_LINE_GRACE_MS)) {
      this.ctx.diagnostics.warning(this.file, 'incomplete last line (no line break after it); ignored until it is completed', pending.line);
    }
    return applier ? { kind: 'run', experimentId: applier.run.experimentId } : { kind: 'waiting' };
  }

  /** The run as earlier imports left it, or null when the file is to be read from its start. */
  private resume(): RunApplier | null {
    const { store } = this.ctx;
    const run = store.runs.getImported(this.runId);
    if (run && (run.origin.source !== 'native' || run.origin.path !== this.relPath)) {
      this.skip(`run id ${this.runId} already belongs to a run from ${run.origin.source} ${run.origin.path ?? ''}`.trimEnd());
    }
    const position = store.ingestFiles.get(this.key);
    // An ended run takes no more lines. If its file changed all the same (a writer wrongly
    // found dead, lines after the end), read it again and decide anew.
    if (run && position && !(run.status !== 'running' && hasChanged(this.real, position))) {
      return RunApplier.resume(store, run);
    }
    if (position) store.ingestFiles.delete(this.key);
    if (run) clearRun(store, this.runId);
    return null;
  }

  /** The file was rewritten: forget the run's state and read it again from line 1. */
  private restart(): void {
    clearRun(this.ctx.store, this.runId);
    this.applier = null;
    this.unknownTypes.clear();
  }

  private onLine(parsed: ParsedLine, line: number): void {
    if (this.applier === null) {
      this.applier = this.startRun(parsed, line);
      return;
    }
    switch (parsed.kind) {
      case 'invalid':
        this.ctx.diagnostics.error(this.file, `${parsed.message}; line skipped`, line);
        return;
      case 'unknown-type':
        // Once per type: a newer writer may write thousands of such lines.
        if (this.unknownTypes.has(parsed.type)) return;
        this.unknownTypes.add(parsed.type);
        this.ctx.diagnostics.warning(this.file, `unknown line type "${parsed.type}" (from a newer writer?); lines of this type skipped`, line);
        return;
      case 'newer-version':
        this.ctx.diagnostics.warning(this.file, 'a second "start" line; line skipped', line);
        return;
      case 'event':
        if (parsed.event.type === 'start') this.ctx.diagnostics.warning(this.file, 'a second "start" line; line skipped', line);
        else if (this.applier.ended) this.ctx.diagnostics.warning(this.file, 'a line after the "end" line; line skipped', line);
        else this.applier.apply(parsed.event);
    }
  }

  private onBadLine(line: number, message: string): void {
    if (this.applier === null) this.skip(`the first line must be a valid "start" line (${message})`, line);
    this.ctx.diagnostics.error(this.file, message, line);
  }

  /** Line 1 must be a start line of this run: without it nothing can be placed. */
  private startRun(parsed: ParsedLine, line: number): RunApplier {
    if (parsed.kind === 'newer-version') {
      this.skip(`written in run log format version ${parsed.version}; this Model Ledger reads version ${RUN_LOG_VERSION}, update it`, line);
    }
    if (parsed.kind !== 'event' || parsed.event.type !== 'start') {
      const found = parsed.kind === 'invalid' ? parsed.message : `a "${parsed.kind === 'event' ? parsed.event.type : parsed.type}" line`;
      this.skip(`the first line must be a valid "start" line, not ${found}`, line);
    }
    const start = parsed.event;
    if (start.runId !== this.runId) this.skip(`"run_id" ${JSON.stringify(start.runId)} differs from the file name`, line);
    return RunApplier.start(this.ctx.store, start, { folder: this.folder, file: this.relPath });
  }

  private checkWriter(applier: RunApplier, mtimeMs: number): void {
    const writer = deadWriter(this.real);
    if (!writer) return;
    applier.end('killed', Math.trunc(mtimeMs));
    this.ctx.diagnostics.warning(this.file, `its writer (pid ${writer.pid} on ${writer.host}) is gone without an "end" line; run marked killed`);
  }

  private skip(message: string, line?: number): never {
    this.ctx.diagnostics.error(this.file, `${message}; file skipped`, line);
    throw new SkipFile(message);
  }
}

function hasChanged(file: string, position: FilePosition): boolean {
  const stat = fs.statSync(file);
  return stat.size !== position.size || Math.trunc(stat.mtimeMs) !== position.mtimeMs;
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  const e = error as NodeJS.ErrnoException | null;
  return typeof e?.code === 'string' && typeof e.syscall === 'string';
}
