import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { describeFileError } from '../core/fileErrors';
import { pathInside } from '../core/pathInside';
import type { DiagnosticSink } from './diagnostics';
import { importDvclive, isDvcliveFolder } from './dvclive';
import { importMlflowStore } from './mlflow/importMlflowStore';
import { isMlflowStore } from './mlflow/layout';
import { importMlflowDb, isMlflowDb } from './mlflowDb';
import { importRunLog, isRunLogFolder } from './runlog/importRunLog';
import { kindMismatch } from './sourceKindCheck';
import type { ImportSummary, IngestContext, SourceKind } from './types';
import { walkFolders } from './workspacePaths';

/** A run source found in a workspace: what kind it is and where (absolute path). */
export interface SourceRef {
  kind: SourceKind;
  path: string;
  /**
   * Of an MLflow file store: only these run folders (absolute) are read again, as when the live
   * watcher saw changes inside them alone. Absent: the whole source.
   */
  runDirs?: string[];
}

const IMPORTERS: Record<SourceKind, (ctx: IngestContext, target: string, runDirs?: readonly string[]) => ImportSummary> = {
  mlflow: importMlflowStore,
  'mlflow-db': (ctx, dbFile) => importMlflowDb(ctx, dbFile),
  dvclive: importDvclive,
  runlog: importRunLog,
};

/** Folders that never hold run sources and can be huge. */
const SKIP = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', 'env', '__pycache__', '.mypy_cache', '.pytest_cache', '.tox', 'site-packages', '.vscode-test', '.trash']);
const MAX_DEPTH = 6;

export function importSource(ctx: IngestContext, source: SourceRef): ImportSummary {
  return IMPORTERS[source.kind](ctx, source.path, source.runDirs);
}

/** The kind of source at `target`, or null when it is none Model Ledger reads. */
export function detectKind(target: string): SourceKind | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return null;
  }
  if (stat.isFile()) {
    if (target.endsWith('.jsonl') && path.basename(path.dirname(target)) === 'runs') return 'runlog';
    return isMlflowDb(target) ? 'mlflow-db' : null;
  }
  if (isRunLogFolder(target)) return 'runlog';
  if (isMlflowStore(target)) return 'mlflow';
  if (isDvcliveFolder(target)) return 'dvclive';
  return null;
}

/**
 * Every run source under the workspace: MLflow stores (a store inside a store counts twice, as
 * MLflow would read each), mlflow.db files, DVCLive folders (one nested in another, as a
 * cross-validation script's `dvclive/fold_<i>`, is a run of its own) and the native run log.
 */
export function discoverSources(workspace: string, diagnostics: DiagnosticSink): SourceRef[] {
  const found: SourceRef[] = [];
  const dvclive = new Set<string>();
  // Experiment, run and registry folders hold a meta.yaml, and a DVCLive folder's plots its
  // metric histories: nothing inside them is another source, so discovery does not walk their
  // thousands of files. A store's own children are still visited, which finds a store inside a store.
  const withMeta = new Set<string>();
  const descend = (dir: string) => !withMeta.has(dir) && !(path.basename(dir) === 'plots' && dvclive.has(path.dirname(dir)));
  for (const { dir, entries } of walkFolders(workspace, workspace, { maxDepth: MAX_DEPTH, skip: SKIP, descend }, diagnostics)) {
    if (path.basename(dir) === '.modelledger') {
      const runs = path.join(dir, 'runs');
      if (isRunLogFolder(runs)) found.push({ kind: 'runlog', path: runs });
      continue;
    }
    // An experiment's, a run's or a model's folder: its listing says so, with no call to the file system.
    if (entries.some((entry) => entry.name === 'meta.yaml')) {
      withMeta.add(dir);
      continue;
    }
    if (isMlflowStore(dir)) found.push({ kind: 'mlflow', path: dir });
    else if (isDvcliveFolder(dir)) {
      found.push({ kind: 'dvclive', path: dir });
      dvclive.add(dir);
    }
    for (const entry of entries) {
      if (!(entry.isFile() || entry.isSymbolicLink()) || !/\.(db|sqlite3?)$/.test(entry.name)) continue;
      const file = path.join(dir, entry.name);
      if (isMlflowDb(file)) found.push({ kind: 'mlflow-db', path: file });
    }
  }
  return found;
}

/** Resolves what the user asked to import: a path and maybe a kind; refuses what is not a source, or not of that kind. */
export function resolveSource(workspace: string, target: string, kind: SourceKind | undefined): SourceRef {
  const absolute = path.resolve(workspace, target);
  const stat = statTarget(absolute);
  if (pathInside(fs.realpathSync(workspace), fs.realpathSync(absolute)) === null) {
    throw new UserError(`${absolute} is outside the workspace ${workspace}; import it from a workspace that contains it (--workspace DIR).`);
  }
  if (kind) {
    const mismatch = kindMismatch(kind, absolute, stat.isDirectory());
    if (mismatch !== null) throw new UserError(mismatch);
    return { kind, path: absolute };
  }
  const detected = detectKind(absolute);
  if (!detected) {
    throw new UserError(`${absolute} is not a run source Model Ledger knows (an MLflow store or mlflow.db, a DVCLive folder, or .modelledger/runs); name its kind with --kind.`);
  }
  return { kind: detected, path: absolute };
}

/**
 * What the user asked to import: a source (its kind detected, or named), or else a folder holding
 * sources, such as a `dvclive/` that holds one run per cross-validation fold and none of its own:
 * those found in it (of the named kind, when one is named). Refuses what is neither.
 */
export function resolveSources(workspace: string, target: string, kind: SourceKind | undefined, diagnostics: DiagnosticSink): SourceRef[] {
  try {
    return [resolveSource(workspace, target, kind)];
  } catch (error) {
    const absolute = path.resolve(workspace, target);
    if (!(error instanceof UserError) || !isFolderInside(workspace, absolute)) throw error;
    const nested = discoverSources(absolute, diagnostics).filter((source) => kind === undefined || source.kind === kind);
    if (nested.length === 0) throw error;
    return nested;
  }
}

/** Whether `absolute` is a folder inside the workspace, links resolved. */
export function isFolderInside(workspace: string, absolute: string): boolean {
  try {
    return pathInside(fs.realpathSync(workspace), fs.realpathSync(absolute)) !== null && fs.statSync(absolute).isDirectory();
  } catch {
    return false; // resolveSource said why
  }
}

/** The target's stat, or a UserError saying why there is none (missing, a looping link, no permission). */
function statTarget(absolute: string): fs.Stats {
  try {
    return fs.statSync(absolute);
  } catch (error) {
    const described = describeFileError(error, absolute);
    if (described === null) throw error;
    throw new UserError(described, { cause: error });
  }
}
