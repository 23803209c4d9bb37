/** An image's key and step, read from where a logger put it. */
export interface KeyedStep {
  key: string;
  step: number | null;
}

const STEP = /^-?\d{1,15}$/;

/**
 * A file under DVCLive's `plots/images/` (path relative to it, `/`-separated). Two layouts carry a
 * step: `<step>/<name>` (DVCLive before 1.0 made a folder per step) and `<key>/<step>.<ext>` (what
 * DVCLive's docs tell users to log now, which DVC's tools show with a step slider). Anything else
 * is one image without a step, keyed by its path.
 */
export function dvcliveImageKey(rel: string): KeyedStep {
  const parts = rel.split('/');
  if (parts.length >= 2 && STEP.test(parts[0]!)) return { key: parts.slice(1).join('/'), step: Number(parts[0]) };
  const name = parts.at(-1)!;
  const stem = name.slice(0, name.lastIndexOf('.') > 0 ? name.lastIndexOf('.') : name.length);
  if (parts.length >= 2 && STEP.test(stem)) return { key: parts.slice(0, -1).join('/'), step: Number(stem) };
  return { key: rel, step: null };
}

/**
 * MLflow 2.x `log_image(image, key=, step=)` names (mlflow/tracking/client.py):
 * `images/<key>%step%<step>%timestamp%<ms>%<uuid>.png`, with `/` in the key written as `#`, beside
 * a `%compressed.webp` copy for thumbnails and, in some versions, a `.json` of the same stem.
 * Later versions write `+` in place of `%` (MLflow's UI reads both). 'sibling' for the copies.
 */
const MLFLOW_IMAGE = /^images\/([^/]+?)([%+])step\2(-?\d+)\2timestamp\2(\d+)\2([^/%+]+)((?:\2compressed)?)\.([a-z]+)$/i;

export function mlflowStepImage(rel: string): (KeyedStep & { compressed: string }) | 'sibling' | null {
  const match = MLFLOW_IMAGE.exec(rel);
  if (match === null) return null;
  const [, key, sep, step, , , compressedMark, ext] = match;
  if (compressedMark !== '' || ext!.toLowerCase() === 'json') return 'sibling';
  const stem = rel.slice(0, -(ext!.length + 1));
  return { key: key!.replaceAll('#', '/'), step: Number(step), compressed: `${stem}${sep}compressed.webp` };
}
