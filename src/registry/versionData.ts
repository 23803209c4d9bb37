import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashArtifact } from '../artifacts/hashArtifact';
import { errorMessage, UserError } from '../core/errors';
import { localDataPath, recordedDataPath } from '../core/lineage/dataPath';
import { roleOfInput } from '../core/lineage/evaluation';
import { pathInside } from '../core/pathInside';
import type { DatasetRole, TagDataset } from '../core/tagMessage';
import type { DatasetInput } from '../core/types';

/** A dataset named at registration (`--data`, `--eval-data`, the editor's pick). */
export interface NamedDataset {
  /** Absolute, or relative to the repository root. */
  path: string;
  role: DatasetRole;
}

/**
 * Makes the profile of a local data file and stores it, returning the profile's sha256 (null when
 * the file is of a kind it does not profile). Given by the caller so the registry does not depend
 * on the profiler; without one, `profile` stays null.
 */
export type ProfileDataFile = (file: string, sha256: string) => Promise<string | null>;

/**
 * The datasets a registration records: those named, hashed now (they must exist), then the
 * source run's logged inputs not named, as training data (evaluation data when the run logged them
 * with an evaluation context: MLflow's `eval`, `validation`, `test`…), each with the sha256 the run recorded,
 * else its file's sha256 when it is here, else none. Only files whose content is the one recorded
 * are profiled. Throws a UserError naming a missing file
 * before anything is written.
 */
export async function datasetsToRecord(root: string, named: readonly NamedDataset[], runInputs: readonly DatasetInput[], profile?: ProfileDataFile): Promise<TagDataset[]> {
  const files = named.map((d) => ({ ...d, file: requireDataFile(root, d.path) }));
  const datasets: { dataset: TagDataset; file: string | null }[] = [];
  const seen = new Set<string>();
  for (const d of files) {
    const key = `${d.role}\n${d.file}`;
    if (seen.has(key)) continue;
    seen.add(key);
    datasets.push({ dataset: { path: recordedDataPath(root, d.file), sha256: (await hashArtifact(d.file)).sha256, role: d.role, profile: null }, file: d.file });
  }
  const namedFiles = new Set(files.map((d) => d.file));
  for (const input of runInputs) {
    const file = localDataPath(root, input.path);
    if (file !== null && namedFiles.has(file)) continue;
    const here = file !== null && fs.existsSync(file) ? (await hashArtifact(file)).sha256 : null;
    // The file here is profiled only when it is still the data the run read.
    const same = here !== null && (input.sha256 === null || input.sha256 === here);
    datasets.push({ dataset: { path: input.path, sha256: input.sha256 ?? here, role: roleOfInput(input), profile: null }, file: same ? file : null });
  }
  if (profile) {
    for (const d of datasets) {
      if (d.file !== null && d.dataset.sha256 !== null && fs.statSync(d.file).isFile()) d.dataset.profile = await profile(d.file, d.dataset.sha256);
    }
  }
  return datasets.map((d) => d.dataset);
}

function requireDataFile(root: string, dataPath: string): string {
  if (typeof dataPath !== 'string' || dataPath.trim() === '') throw new UserError('A data path is empty; name a data file or folder.');
  const file = path.resolve(root, dataPath);
  const rel = pathInside(root, file);
  if (rel !== null && rel.split(path.sep)[0] === '.git') throw new UserError(`The data ${dataPath} is inside .git.`);
  try {
    fs.statSync(file);
  } catch (error) {
    throw new UserError(`The data ${dataPath} cannot be read (${errorMessage(error)}); name an existing data file or folder.`);
  }
  return file;
}
