import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap } from 'yaml';
import { writeFileAtomically } from '../artifacts/atomicFile';
import { realPathOfMaybeMissing } from '../artifacts/safePath';
import type { CardFacts } from '../core/governance/cardFacts';
import { cardPath } from '../core/governance/cardPath';
import { createCard, updateCard } from '../core/governance/cardRender';
import type { CardState } from '../core/governance/cardState';
import { parseCard, type ParsedCard } from '../core/governance/cardText';
import { errorMessage, UserError } from '../core/errors';
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
    error: parsed.error ?? identityProblem(parsed, located.path, model, version),
  };
}

/** A version's card: its path, and its text on disk or (when absent) as it would be generated. */
export interface CardText {
  path: string;
  file: string;
  exists: boolean;
  text: string;
}

export function cardText(root: string, facts: CardFacts): CardText {
  const { path: relative, file } = locateCard(root, facts.model, facts.version);
  const existing = readIfExists(file);
  return existing === null ? { path: relative, file, exists: false, text: createCard(facts) } : { path: relative, file, exists: true, text: existing };
}

export interface CardWrite {
  path: string;
  file: string;
  /** What was done: made (absent before), facts brought up to date, or nothing (there, and not asked to update). */
  outcome: 'created' | 'updated' | 'unchanged' | 'kept';
  /** Facts blocks a person removed from the card; an update leaves them out. */
  missingBlocks: string[];
}

/**
 * Writes a version's card: creates it when absent; with `update`, rewrites the facts of one that
 * exists (never a person's text; a card whose front matter is broken is refused with its line).
 */
export function writeCard(root: string, facts: CardFacts, options: { update: boolean }): CardWrite {
  const { path: relative, file } = locateCard(root, facts.model, facts.version);
  const existing = readIfExists(file);
  if (existing === null) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomically(file, createCard(facts));
    return { path: relative, file, outcome: 'created', missingBlocks: [] };
  }
  if (!options.update) return { path: relative, file, outcome: 'kept', missingBlocks: [] };
  const updated = updateCard(existing, facts, relative);
  if (updated.text === existing) return { path: relative, file, outcome: 'unchanged', missingBlocks: updated.missingBlocks };
  writeFileAtomically(file, updated.text);
  return { path: relative, file, outcome: 'updated', missingBlocks: updated.missingBlocks };
}

/** The card's relative path and file; a UserError for a name that is not a registry name or a path that leads outside `root`. */
export function locateCard(root: string, model: string, version: string): { path: string; file: string } {
  const located = cardPath(model, version);
  if ('problem' in located) throw new UserError(`No model card for that name: ${located.problem}`);
  const file = cardFile(root, located.path);
  if (file === null) throw new UserError(`${located.path} leads outside the repository (a symbolic link?); refusing to read or write it.`);
  const existing = readIfExists(file);
  const problem = existing === null ? null : identityProblem(parseCard(existing, located.path), located.path, model, version);
  if (problem) throw new UserError(`${problem} Refusing to open or update it.`);
  return { path: located.path, file };
}

/**
 * The card at a version's path names another version in its front matter (`model_ledger.model`,
 * `version`): on a case-insensitive file system `Churn` and `churn` share one file, and reading or
 * rewriting it as the other's card would mix their facts. A card without those keys (a person's
 * own) is taken as the version's.
 */
function identityProblem(parsed: ParsedCard, relative: string, model: string, version: string): string | null {
  const ledger = parsed.frontMatter?.document.get('model_ledger', true);
  if (!isMap(ledger)) return null;
  const named = { model: ledger.get('model'), version: ledger.get('version') };
  if ((named.model === undefined || named.model === model) && (named.version === undefined || named.version === version)) return null;
  return `${relative}: this card is the card of ${String(named.model ?? model)} ${String(named.version ?? version)} (its front matter's model_ledger says so), not of ${model} ${version}; on a case-insensitive file system names that differ only in case share a card file. Rename one of the models, or move the card.`;
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(`Cannot read ${file}: ${errorMessage(error)}`, { cause: error });
  }
}

/** The absolute file of a card path, or null when it (or a link on its way) leads outside `root`. */
export function cardFile(root: string, relative: string): string | null {
  const file = path.resolve(root, ...relative.split('/'));
  if (pathInside(path.resolve(root), file) === null) return null;
  const real = realPathOfMaybeMissing(file);
  const realRoot = realPathOfMaybeMissing(root);
  return pathInside(realRoot, real) === null ? null : file;
}
