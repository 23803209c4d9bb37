import { LIMITS } from './limits';

/** A message's keys are `type` and these, no more. */
export function keysAre(message: Record<string, unknown>, ...keys: string[]): boolean {
  return hasExactly(message, 'type', ...keys);
}

export function hasExactly(record: Record<string, unknown>, ...keys: string[]): boolean {
  return Object.keys(record).length === keys.length && keys.every((k) => Object.hasOwn(record, k));
}

/** A non-empty text of at most `max` characters (a name, a key, a path). */
export function isText(value: unknown, max: number = LIMITS.text): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}
