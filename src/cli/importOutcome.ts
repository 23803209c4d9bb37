import type { Diagnostic } from '../ingest/diagnostics';
import type { SourceRef } from '../ingest/sources';
import type { ImportSummary } from '../ingest/types';
import { relativeToWorkspace } from '../ingest/workspacePaths';
import type { StoreFailure } from '../store/storeFailure';

/** What an import brought in and what it left out. */
export interface ImportOutcome {
  importedRuns: number;
  /** Runs the importers left out because of an error. */
  failedRuns: number;
  /**
   * Sources (relative to the workspace) that failed as a whole: an error was reported against the
   * source itself (unreadable, locked, or stopped by the store), and no failed run stands for it.
   */
  failedSources: string[];
}

export function importOutcome(workspace: string, sources: readonly SourceRef[], summaries: readonly ImportSummary[], diagnostics: readonly Diagnostic[]): ImportOutcome {
  const blamed = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  const withFailedRuns = new Set(summaries.filter((s) => s.failedRuns > 0).map((s) => s.source));
  return {
    importedRuns: summaries.reduce((n, s) => n + s.runs, 0),
    failedRuns: summaries.reduce((n, s) => n + s.failedRuns, 0),
    failedSources: sources
      .filter((s) => blamed.has(s.path))
      .map((s) => relativeToWorkspace(workspace, s.path))
      .filter((source) => !withFailedRuns.has(source)),
  };
}

/**
 * The last line of an import that left something out, saying what and what to do; null when it
 * left nothing out. `storeFailure` is the store's own failure, when that was the cause.
 */
export function importFailureLine(outcome: ImportOutcome, storeFailure: StoreFailure | null): string | null {
  const { importedRuns, failedRuns, failedSources } = outcome;
  const parts: string[] = [];
  if (failedRuns > 0) parts.push(`${failedRuns} of ${failedRuns + importedRuns} runs failed to import`);
  // A source that stopped may have imported some runs first: they stay, and are not counted here.
  if (failedSources.length > 0) parts.push(`the import of ${listed(failedSources)} stopped with an error`);
  if (parts.length === 0 && storeFailure === null) return null;
  const what = parts.length > 0 ? parts.join(', and ') : 'Part of the import could not be written';
  const cause = storeFailure
    ? storeFailure.message
    : 'The problems above say why. Fix them and import again: what was imported stays, and only what changed is read again.';
  return `${what[0]!.toUpperCase()}${what.slice(1)}. ${cause}`;
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more sources` : shown;
}
