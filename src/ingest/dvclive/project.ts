import * as path from 'node:path';
import { pathInside } from '../../core/pathInside';
import { isFile } from './fileKinds';

/** The repository a DVCLive folder belongs to: its folder and, when it has one, its dvc.yaml. */
export interface DvcProject {
  folder: string;
  dvcYaml: string | null;
}

/**
 * The nearest folder above `liveDir` (up to the workspace) that holds a dvc.yaml: DVCLive 3
 * writes its dvc.yaml there, and the repository's params.yaml sits beside it. Without one, or
 * for a DVCLive folder that is the workspace itself, the workspace is the repository.
 */
export function findProject(workspace: string, liveDir: string): DvcProject {
  const root = path.resolve(workspace);
  for (let dir = path.resolve(liveDir); isStrictlyInside(root, dir); ) {
    dir = path.dirname(dir);
    const dvcYaml = path.join(dir, 'dvc.yaml');
    if (isFile(dvcYaml)) return { folder: dir, dvcYaml };
  }
  const rootDvcYaml = path.join(root, 'dvc.yaml');
  return { folder: root, dvcYaml: isFile(rootDvcYaml) ? rootDvcYaml : null };
}

function isStrictlyInside(root: string, dir: string): boolean {
  const relative = pathInside(root, dir);
  return relative !== null && relative !== '';
}
