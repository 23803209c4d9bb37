import { dvcStyleName } from '../core/dvcArtifactNames';
import { modelNameProblem } from '../core/gto';

/**
 * The name to offer when a version of an imported registry's model (MLflow's) is registered in
 * the git registry. MLflow allows any name; GTO allows letters, digits, "_", "-" and "/". The
 * MLflow model keeps its own name in this store, so the first of these that `isFree` accepts is
 * offered: the name in GTO's rule, the same in DVC's narrower one (lowercase, "-" for "_"), and
 * that with "-git".
 */
export function adoptedModelName(mlflowName: string, isFree: (name: string) => boolean): string {
  const gto = tidy(mlflowName.replace(/[^a-zA-Z0-9/_-]+/g, '-')) || 'model';
  const dvc = tidy(dvcStyleName(gto)) || 'model';
  const candidates = [gto, dvc, `${dvc}-git`].filter((name) => modelNameProblem(name) === null);
  return candidates.find(isFree) ?? `${dvc}-git`;
}

/** Runs of separators made one, none at either end (GTO names start and end with a letter or digit). */
function tidy(name: string): string {
  return name.replace(/([-/_])[-/_]+/g, '$1').replace(/^[-/_]+|[-/_]+$/g, '');
}
