import { modelNameProblem, versionProblem } from '../gto';

/** The folder of model cards, relative to the repository root. */
export const CARDS_FOLDER = 'cards';

/**
 * Where a version's card lives, relative to the repository root with `/` separators:
 * `cards/<name>@<version>.md`. A nested artifact's `folder:name` is written as in its tags
 * (`folder=name`), since `:` cannot be in a file name on Windows. Returns a problem instead of a
 * path when the name or version is not one the registry accepts, so no name reaches the file system
 * unchecked (GTO's grammar has no `..`, no leading `-`, nothing a shell reads).
 */
export function cardPath(model: string, version: string): { path: string } | { problem: string } {
  const problem = modelNameProblem(model) ?? versionProblem(version);
  if (problem) return { problem };
  return { path: `${CARDS_FOLDER}/${model.replace(':', '=')}@${version}.md` };
}
