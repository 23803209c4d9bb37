import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMeta, type Meta } from '../../core/mlflowMeta';

export const TRASH_FOLDER = '.trash';
export const REGISTRY_FOLDER = 'models';
/** Folders inside an experiment that are not runs: experiment tags, datasets, traces, MLflow 3 logged models. */
export const EXPERIMENT_FOLDERS_NOT_RUNS: ReadonlySet<string> = new Set(['tags', 'datasets', 'traces', 'models']);

/**
 * The run folder (`<store>/<experiment>/<run>`) that `file` is in, or is, or null when a change to
 * it concerns more than one run: an experiment's own files, the registry, `.trash`, or the store
 * itself. A run folder itself is reported when MLflow creates it, before its files.
 */
export function runFolderOf(storeDir: string, file: string): string | null {
  const parts = path.relative(storeDir, file).split(path.sep);
  if (parts.length < 2 || parts[0] === '..' || path.isAbsolute(parts[0]!)) return null;
  const [experiment, run] = parts as [string, string];
  if (experiment === TRASH_FOLDER || experiment === REGISTRY_FOLDER || EXPERIMENT_FOLDERS_NOT_RUNS.has(run)) return null;
  if (parts.length === 2 && run === 'meta.yaml') return null; // the experiment's own
  return path.join(storeDir, experiment, run);
}

/** Detection reads a handful of small meta.yaml files and never follows a symbolic link. */
const MAX_DETECT_META_BYTES = 64 << 10;

/**
 * Whether `dir` is an MLflow file store: a child folder is an experiment (its meta.yaml names an
 * experiment_id and artifact_location), or the store's own `.trash` or registry `models` folder
 * is there. Nothing inside a store is mistaken for one: runs' meta.yaml files have an
 * artifact_uri, not an artifact_location; an experiment's MLflow 3 `models` folder holds logged
 * models, not registered ones; and `.trash` belongs to its store.
 */
export function isMlflowStore(dir: string): boolean {
  if (path.basename(dir) === TRASH_FOLDER) return false; // a store's deleted experiments, imported with it
  for (const child of childFolders(dir)) {
    const name = path.basename(child);
    if (name === TRASH_FOLDER ? isTrash(child) : name === REGISTRY_FOLDER ? isRegistry(child) : isExperiment(child)) return true;
  }
  return false;
}

/** An experiment's meta.yaml; an MLflow 3 logged model's has the same two fields, and a model_id. */
function isExperiment(dir: string): boolean {
  const meta = quietMeta(path.join(dir, 'meta.yaml'));
  return meta !== null && meta.has('experiment_id') && meta.has('artifact_location') && !meta.has('model_id');
}

/** MLflow creates `.trash` empty with the store and moves deleted experiments into it; another tool's trash holds other things. */
function isTrash(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0 || childFolders(dir).some(isExperiment);
  } catch {
    return false;
  }
}

/** A registered model folder has versions or a meta.yaml without a logged model's model_id. */
function isRegistry(dir: string): boolean {
  return childFolders(dir).some((model) => {
    if (childFolders(model).some((child) => /^version-\d+$/.test(path.basename(child)))) return true;
    const meta = quietMeta(path.join(model, 'meta.yaml'));
    return meta !== null && meta.has('name') && !meta.has('model_id');
  });
}

/** A folder's subfolders (absolute; symbolic links not followed); empty when it cannot be listed. */
export function childFolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name));
  } catch {
    return [];
  }
}

function quietMeta(file: string): Meta | null {
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_DETECT_META_BYTES) return null;
    const meta = parseMeta(fs.readFileSync(file, 'utf8'));
    return typeof meta === 'string' ? null : meta;
  } catch {
    return null;
  }
}
