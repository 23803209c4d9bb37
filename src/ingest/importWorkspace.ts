import type { Store } from '../store/store';
import type { DiagnosticSink } from './diagnostics';
import { discoverSources, importSource, type SourceRef } from './sources';
import type { ImportSummary } from './types';
import { relativeToWorkspace } from './workspacePaths';
import { errorMessage } from '../core/errors';

export interface ImportOptions {
  store: Store;
  workspace: string;
  diagnostics: DiagnosticSink;
  /** The sources to import, or every source found in the workspace. */
  sources: SourceRef[] | 'discover';
  onDiscovered?(sources: SourceRef[]): void;
  onProgress?(source: string, done: number, total: number | null): void;
}

/**
 * Imports sources one after another into the store. One source failing as a whole (unreadable,
 * locked) is a diagnostic, and the next source is still imported.
 */
export function importSources(options: ImportOptions): ImportSummary[] {
  const { store, workspace, diagnostics } = options;
  const sources = options.sources === 'discover' ? discoverSources(workspace, diagnostics) : options.sources;
  options.onDiscovered?.(sources);
  const summaries: ImportSummary[] = [];
  for (const source of sources) {
    const relative = relativeToWorkspace(workspace, source.path);
    try {
      summaries.push(
        importSource({ store, workspace, diagnostics, progress: (done, total) => options.onProgress?.(relative, done, total) }, source),
      );
    } catch (error) {
      diagnostics.error(source.path, `could not be imported: ${errorMessage(error)}`);
    }
  }
  return summaries;
}
