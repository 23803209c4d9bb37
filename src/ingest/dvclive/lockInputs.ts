import * as path from 'node:path';
import { pathInside } from '../../core/pathInside';
import type { DatasetInput } from '../../core/types';
import type { DiagnosticSink } from '../diagnostics';
import { readDvcYaml } from './dvcYaml';
import { isFile } from './fileKinds';

/** Files of these kinds are the stage's code, not its data, even when its command does not name them. */
const CODE_FILE = /\.(py|ipynb|r|sh|bash|jl|js|ts|scala|java|sql|m)$/i;

/**
 * The data a DVCLive run was trained on, from the dvc.lock beside its project's dvc.yaml: the deps
 * of the stage whose outs are in (or hold) the DVCLive folder, except its code (what its command names, a file
 * under a dep it names, or a source file). dvc.lock records MD5s, not SHA-256s, so `sha256` is
 * null. Paths are relative to the workspace, as the run log's are.
 */
export function lockInputs(workspace: string, projectFolder: string, liveDir: string, diagnostics: DiagnosticSink): DatasetInput[] {
  const lockFile = path.join(projectFolder, 'dvc.lock');
  if (!isFile(lockFile)) return [];
  const lock = readDvcYaml(lockFile, diagnostics);
  const stages = lock?.stages;
  if (!isRecordLike(stages)) return [];
  const inputs = new Map<string, DatasetInput>();
  for (const stage of Object.values(stages)) {
    if (!isRecordLike(stage) || !pathsOf(stage.outs).some((out) => writesInto(path.resolve(projectFolder, out), path.resolve(liveDir)))) continue;
    const named = commandPaths(typeof stage.cmd === 'string' ? stage.cmd : Array.isArray(stage.cmd) ? stage.cmd.join(' ') : '', projectFolder);
    for (const dep of pathsOf(stage.deps)) {
      const file = path.resolve(projectFolder, dep);
      if (CODE_FILE.test(dep) || named.some((p) => holds(file, p))) continue;
      const rel = pathInside(workspace, file);
      if (rel === null || rel === '') continue; // outside the workspace: nothing here to point at
      const input = rel.split(path.sep).join('/');
      inputs.set(input, { path: input, sha256: null });
    }
  }
  return [...inputs.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

function isRecordLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `path` of each entry of a stage's deps or outs list. */
function pathsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) => (isRecordLike(entry) && typeof entry.path === 'string' && entry.path !== '' ? [entry.path] : []));
}

/** Whether a stage's out is the DVCLive folder, holds it, or is a file in it (`dvclive/metrics.json`). */
function writesInto(out: string, liveDir: string): boolean {
  return holds(out, liveDir) || holds(liveDir, out);
}

/** Whether `outer` is `inner` or a folder that holds it. */
function holds(outer: string, inner: string): boolean {
  return pathInside(outer, inner) !== null;
}

/** The words of a command that name paths, resolved in the stage's folder (`python src/train.py` → src/train.py). */
function commandPaths(cmd: string, folder: string): string[] {
  return cmd
    .split(/\s+/)
    .map((word) => word.replace(/^['"]|['"]$/g, ''))
    .filter((word) => /[/\\]|\.[A-Za-z0-9]+$/.test(word) && !word.startsWith('-'))
    .map((word) => path.resolve(folder, word));
}
