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
