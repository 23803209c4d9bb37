import { UserError } from './errors';
import { VERSION_PATTERN, isVersion } from './semver';

/**
 * The tag grammar of GTO (iterative/gto, gto/constants.py and gto/tag.py), so that `gto`,
 * DVC Studio and Model Ledger read each other's registries:
 *
 *   register    churn@v1.2.0        deregister  churn@v1.2.0!
 *   assign      churn#prod#3        unassign    churn#prod!#4
 *   deprecate   churn@deprecated    (GTO also reads churn@created and any of these with #N)
 *
 * An artifact declared in a nested dvc.yaml is named `dir/path:name`; in a tag the `:` (which git
 * refuses in ref names) is written `=`: `dir/path=name@v1.0.0`.
 */

export type TagAction = 'register' | 'deregister' | 'assign' | 'unassign' | 'deprecate' | 'create';

export interface ParsedTag {
  action: TagAction;
  /** The artifact (model) name, with `:` before a nested dvc.yaml's folder name part. */
  model: string;
  /** The version of a register or deregister tag; null for the other actions. */
  version: string | null;
  stage: string | null;
  /** The `#N` suffix; GTO writes it on assignments and unassignments (and forced deprecations). */
  counter: number | null;
}

/**
 * GTO's name rule for artifacts and stages (gto/constants.py `name`, the same since gto 1.4.0 of
 * October 2023 through 1.10.1): letters of either case, digits, `_`, `-` and `/`, starting and
 * ending with a letter or digit. (gto 1.3.0 was lowercase-only for two weeks; 1.4.0 undid it.)
 */
export const NAME_PATTERN = '[a-zA-Z0-9](?:[a-zA-Z0-9/_-]*[a-zA-Z0-9])?';
/** The folder part of a nested artifact name (gto/constants.py `dirname`). */
const DIRNAME_PATTERN = '[a-zA-Z0-9_./-]+';
const NAME_RE = new RegExp(`^${NAME_PATTERN}$`);
const FULLNAME_RE = new RegExp(`^(?:(${DIRNAME_PATTERN}):)?(${NAME_PATTERN})$`);
const TAG_RE = new RegExp(
  `^(?<artifact>(?:${DIRNAME_PATTERN}=)?${NAME_PATTERN})` +
    `(?:(?:#(?<stage>${NAME_PATTERN})|@(?<version>${VERSION_PATTERN}))(?<cancel>!?)|@(?:(?<deprecated>deprecated)|(?<created>created)))` +
    `(?:#(?<counter>[0-9]+))?$`,
);

/** Longest model name accepted for a new tag: each part of a tag name is a file under .git/refs/tags. */
const MAX_NAME_LENGTH = 200;

/** Reads a tag name; null when it is not in the GTO grammar (GTO ignores such tags, and so do we). */
export function parseTagName(tag: string): ParsedTag | null {
  const m = TAG_RE.exec(tag);
  if (!m?.groups) return null;
  const g = m.groups;
  const counter = g.counter === undefined ? null : Number(g.counter);
  if (counter !== null && !Number.isSafeInteger(counter)) return null;
  const model = g.artifact!.replace('=', ':');
  if (g.deprecated) return { action: 'deprecate', model, version: null, stage: null, counter };
  if (g.created) return { action: 'create', model, version: null, stage: null, counter };
  const cancel = g.cancel === '!';
  if (g.version) return { action: cancel ? 'deregister' : 'register', model, version: g.version, stage: null, counter };
  return { action: cancel ? 'unassign' : 'assign', model, version: null, stage: g.stage!, counter };
}

function artifactInTag(model: string): string {
  return model.replace(':', '=');
}

/** The tag GTO writes to register a version: `name@v1.2.0`. */
export function registerTagName(model: string, version: string): string {
  return `${artifactInTag(model)}@${version}`;
}

export function deregisterTagName(model: string, version: string): string {
  return `${artifactInTag(model)}@${version}!`;
}

/** `name#stage#N`: assignments always carry a counter, as GTO writes them by default. */
export function assignTagName(model: string, stage: string, counter: number): string {
  return `${artifactInTag(model)}#${stage}#${counter}`;
}

export function unassignTagName(model: string, stage: string, counter: number): string {
  return `${artifactInTag(model)}#${stage}!#${counter}`;
}

/** `name@deprecated`, or `name@deprecated#N` when a model is deprecated again after coming back. */
export function deprecateTagName(model: string, counter: number | null = null): string {
  return `${artifactInTag(model)}@deprecated${counter === null ? '' : `#${counter}`}`;
}

/**
 * The counter for a model's next assignment tag: one more than the largest `#N` among the
 * model's tags (GTO's name_tag counts every tag, lightweight ones included, so names never clash).
 */
export function nextCounter(model: string, tagNames: Iterable<string>): number {
  let max = 0;
  for (const name of tagNames) {
    const parsed = parseTagName(name);
    if (parsed && parsed.model === model && parsed.counter !== null && parsed.counter > max) max = parsed.counter;
  }
  return max + 1;
}

// ---- validation of names typed by people, before anything reaches git ----

const NAME_CHARACTERS = 'use letters, digits, "_", "-" and "/"';
const NAME_RULE = `${NAME_CHARACTERS}, starting and ending with a letter or digit`;

/** Characters a shell, git's revision syntax or GTO's grammar give a meaning to. */
const SPECIAL_CHARACTERS = /[;&|$`<>(){}[\]*?!'"\\~^#@=,%+]/;

function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/**
 * Why `value` cannot be a model name (GTO's rule, with an optional `folder:` prefix for an artifact
 * of a nested dvc.yaml), as one line; null when it can.
 */
export function modelNameProblem(value: string): string | null {
  const general = commonProblem('Model name', value);
  if (general) return general;
  const m = FULLNAME_RE.exec(value);
  if (m && m[1] !== undefined) {
    const folder = m[1];
    if (folder.startsWith('/') || folder.endsWith('/') || folder.includes('//') || folder.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) {
      return `Model name ${quoted(value)} has a folder part git cannot use in a tag name.`;
    }
  }
  if (!m) return `Model name ${quoted(value)} is not a GTO name: ${NAME_RULE}.`;
  return slashProblem('Model name', m[2]!);
}

/** Why `value` cannot be a stage name (GTO's name rule), as one line; null when it can. */
export function stageNameProblem(value: string): string | null {
  const general = commonProblem('Stage', value);
  if (general) return general;
  if (value.includes(':')) return `Stage ${quoted(value)} contains ":"; ${NAME_CHARACTERS}.`;
  if (!NAME_RE.test(value)) return `Stage ${quoted(value)} is not a GTO name: ${NAME_RULE}.`;
  return slashProblem('Stage', value);
}

/** Why `value` cannot be a version (v + semver, as GTO requires), as one line; null when it can. */
export function versionProblem(value: string): string | null {
  if (value === '') return 'Version is empty.';
  if (value.startsWith('-')) return `Version ${quoted(value)} must not start with "-".`;
  if (/\s/.test(value)) return `Version ${quoted(value)} must not contain spaces.`;
  if (isVersion(value)) return null;
  if (isVersion(`v${value}`)) return `Version ${quoted(value)} needs a leading "v": v${value}.`;
  return `Version ${quoted(value)} is not a GTO version: use v + semver, e.g. v1.2.0 or v2.0.0-rc.1.`;
}

function commonProblem(kind: string, value: string): string | null {
  if (value === '') return `${kind} is empty.`;
  if (value.startsWith('-')) return `${kind} ${quoted(value)} must not start with "-".`;
  if (/\s/.test(value)) return `${kind} ${quoted(value)} must not contain spaces.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return `${kind} ${quoted(value)} must not contain control characters.`;
  if (value.includes('..')) return `${kind} ${quoted(value)} must not contain "..".`;
  const special = SPECIAL_CHARACTERS.exec(value);
  if (special) return `${kind} ${quoted(value)} contains ${JSON.stringify(special[0])}; ${NAME_CHARACTERS}.`;
  if (value.length > MAX_NAME_LENGTH) return `${kind} is longer than ${MAX_NAME_LENGTH} characters.`;
  return null;
}

function slashProblem(kind: string, name: string): string | null {
  return name.includes('//') ? `${kind} ${quoted(name)} must not contain "//".` : null;
}

/** Throws a UserError naming what is wrong with a model name. */
export function assertModelName(value: string): void {
  const problem = modelNameProblem(value);
  if (problem) throw new UserError(problem);
}

export function assertStageName(value: string): void {
  const problem = stageNameProblem(value);
  if (problem) throw new UserError(problem);
}

export function assertVersion(value: string): void {
  const problem = versionProblem(value);
  if (problem) throw new UserError(problem);
}
