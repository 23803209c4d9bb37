import * as fs from 'node:fs';
import * as path from 'node:path';
import { cardPath } from '../core/governance/cardPath';
import type { CardState } from '../core/governance/cardState';
import { parseCard } from '../core/governance/cardText';
import { errorMessage } from '../core/errors';
import { pathInside } from '../core/pathInside';

/**
 * The card of a version as it is on disk (`cards/<name>@<version>.md` under `root`). Never throws:
 * a card that cannot be read says why in `error`, so a gate reports it and other commands go on.
 */
export function readCardState(root: string, model: string, version: string): CardState {
  const located = cardPath(model, version);
  if ('problem' in located) return { path: '', exists: false, sections: [], error: located.problem };
  let text: string;
  try {
    const file = cardFile(root, located.path);
    if (file === null) return { path: located.path, exists: false, sections: [], error: `${located.path} leads outside the repository; refusing to read it.` };
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: located.path, exists: false, sections: [], error: null };
    return { path: located.path, exists: false, sections: [], error: `${located.path}: cannot read the card: ${errorMessage(error)}` };
  }
  const parsed = parseCard(text, located.path);
  return {
    path: located.path,
    exists: true,
    sections: parsed.sections.map(({ title, filled }) => ({ title, filled })),
    error: parsed.error,
  };
}

/** The absolute file of a card path, or null when it (or a link on its way) leads outside `root`. */
export function cardFile(root: string, relative: string): string | null {
  const file = path.resolve(root, ...relative.split('/'));
  if (pathInside(path.resolve(root), file) === null) return null;
  const real = realExisting(file);
  const realRoot = realExisting(root);
  return pathInside(realRoot, real) === null ? null : file;
}

/** The real path of `file`, or of its nearest existing parent joined with the rest. */
function realExisting(file: string): string {
  const rest: string[] = [];
  let at = path.resolve(file);
  for (;;) {
    try {
      return path.join(fs.realpathSync(at), ...rest.reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = path.dirname(at);
      if (parent === at) return path.join(at, ...rest.reverse());
      rest.push(path.basename(at));
      at = parent;
    }
  }
}
