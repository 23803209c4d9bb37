/**
 * DVC's published rule for artifact names in dvc.yaml is narrower than GTO's: the `artifacts:` key
 * pattern of the dvc.yaml schema (iterative/dvcyaml-schema schema.json) is
 * `^[a-z0-9]([a-z0-9-/]*[a-z0-9])?$`, and DVC's docs say "letters and numbers, and use '-' as
 * separator". `dvc` itself checks names with GTO's rule (dvc/repo/artifacts.py `check_name_format`
 * calls gto's `assert_name_is_valid`), so a GTO name outside the published rule is worth a
 * warning, never a refusal. Of GTO's names, exactly those with an uppercase letter or `_` fall
 * outside that pattern.
 */

/** A GTO name in DVC's form: lowercase, "-" for "_". */
export function dvcStyleName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

/**
 * For a GTO model name (one modelNameProblem accepts): a one-line warning when its name part
 * (after `folder:`) has uppercase letters or `_`, with a name that fits both rules; null otherwise.
 */
export function dvcArtifactNameWarning(model: string): string | null {
  const colon = model.indexOf(':');
  const name = model.slice(colon + 1);
  const outside = [/[A-Z]/.test(name) ? 'uppercase letters' : null, name.includes('_') ? '"_"' : null].filter((w) => w !== null);
  if (outside.length === 0) return null;
  const suggestion = model.slice(0, colon + 1) + dvcStyleName(name);
  return (
    `${JSON.stringify(model)} has ${outside.join(' and ')}: gto and dvc accept it, but the dvc.yaml schema and DVC's docs ` +
    `name artifacts with lowercase letters, digits, "-" and "/" only; ${JSON.stringify(suggestion)} fits both.`
  );
}
