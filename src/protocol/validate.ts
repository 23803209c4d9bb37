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

/** Every item parsed, or undefined when the list is not one, is too long, or any item fails. */
export function listOf<T>(value: unknown, max: number, parse: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(value) || value.length > max) return undefined;
  const items: T[] = [];
  for (const item of value) {
    const parsed = parse(item);
    if (parsed === undefined) return undefined;
    items.push(parsed);
  }
  return items;
}
