import type { GitState } from '../../core/types';

/** A JSON object as parsed from a line; read only through {@link own} so inherited names never match. */
export type Fields = Record<string, unknown>;

/** A field that does not match the format; its message names the field. */
export class ShapeError extends Error {}

const NON_FINITE: ReadonlyMap<unknown, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);
const SHA256 = /^[0-9a-fA-F]{64}$/;

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function own(fields: Fields, name: string): unknown {
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

export function requireInteger(fields: Fields, name: string, min = Number.MIN_SAFE_INTEGER): number {
  const value = own(fields, name);
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new ShapeError(`"${name}" must be an integer${min > Number.MIN_SAFE_INTEGER ? ` of at least ${min}` : ''}`);
  }
  return value as number;
}

export function optionalInteger(fields: Fields, name: string, min: number): number | null {
  return own(fields, name) == null ? null : requireInteger(fields, name, min);
}

export function requireString(fields: Fields, name: string): string {
  const value = own(fields, name);
  if (typeof value !== 'string' || value === '') throw new ShapeError(`"${name}" must be a non-empty string`);
  return value;
}

/** Missing and null both mean "not known". */
export function optionalString(fields: Fields, name: string): string | null {
  const value = own(fields, name);
  if (value == null) return null;
  if (typeof value !== 'string') throw new ShapeError(`"${name}" must be a string or null`);
  return value;
}

export function optionalSha256(fields: Fields): string | null {
  const value = own(fields, 'sha256');
  if (value == null) return null;
  if (typeof value !== 'string' || !SHA256.test(value)) throw new ShapeError('"sha256" must be 64 hex digits or null');
  return value.toLowerCase();
}

export function gitField(fields: Fields): GitState | null {
  const git = own(fields, 'git');
  if (git == null) return null;
  if (!isFields(git)) throw new ShapeError('"git" must be an object or null');
  const dirty = own(git, 'dirty');
  if (typeof dirty !== 'boolean') throw new ShapeError('"git.dirty" must be true or false');
  return { commit: requireString(git, 'commit'), branch: optionalString(git, 'branch'), dirty };
}

/** `values` of params and tags: text, with numbers and booleans accepted as their JavaScript spelling. */
export function textValues(fields: Fields): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  for (const [key, value] of entries(fields)) {
    if (typeof value === 'string') result[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') result[key] = String(value);
    else throw new ShapeError(`"values.${key}" must be a string, number or boolean`);
  }
  return result;
}

/** `values` of metrics: numbers, with NaN and ±Infinity spelled as strings (JSON has neither). */
export function metricValues(fields: Fields): Map<string, number> {
  const result = new Map<string, number>();
  for (const [key, value] of entries(fields)) {
    const number = typeof value === 'number' ? value : NON_FINITE.get(value);
    if (number === undefined) throw new ShapeError(`"values.${key}" must be a number, "NaN", "Infinity" or "-Infinity"`);
    result.set(key, number);
  }
  return result;
}

function entries(fields: Fields): [string, unknown][] {
  const values = own(fields, 'values');
  if (!isFields(values)) throw new ShapeError('"values" must be an object');
  const list = Object.entries(values);
  if (list.some(([key]) => key === '')) throw new ShapeError('"values" has an empty key');
  return list;
}
