import * as path from 'node:path';
import { DiagnosticSink } from '../diagnostics';
import { readDvcYaml } from './dvcYaml';
import { isDirectory, isFile } from './fileKinds';

/**
 * Whether `dir` is a DVCLive output folder: it has a metrics.json summary or plots/metrics
 * histories, or (a run that has only logged its params so far) a params.yaml that the dvc.yaml
 * beside the folder lists as `<folder>/params.yaml`. A repository's own params.yaml beside its
 * dvc.yaml does not count: that is the repository, not a run.
 */
export function isDvcliveFolder(dir: string): boolean {
  if (isFile(path.join(dir, 'metrics.json')) || isDirectory(path.join(dir, 'plots', 'metrics'))) return true;
  if (!isFile(path.join(dir, 'params.yaml'))) return false;
  const dvcYaml = readDvcYaml(path.join(path.dirname(dir), 'dvc.yaml'), new DiagnosticSink());
  const listed = Array.isArray(dvcYaml?.params) ? (dvcYaml.params as unknown[]) : [];
  return listed.includes(`${path.basename(dir)}/params.yaml`);
}
