/** What a user may name a run or write in its note: shared by the store (which refuses the rest) and input boxes (which say why early). */

export const MAX_RUN_NAME_LENGTH = 200;
export const MAX_RUN_NOTE_LENGTH = 10_000;

/** Why `name` (after trimming) cannot name a run; undefined when it can. */
export function runNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'A run name cannot be empty.';
  if (trimmed.length > MAX_RUN_NAME_LENGTH) return `A run name holds at most ${MAX_RUN_NAME_LENGTH} characters; this one has ${trimmed.length}.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return 'A run name cannot contain line breaks, tabs or other control characters.';
  return undefined;
}

/** Why `note` cannot be a run's note; undefined when it can. */
export function runNoteProblem(note: string): string | undefined {
  return note.length > MAX_RUN_NOTE_LENGTH ? `A run note holds at most ${MAX_RUN_NOTE_LENGTH} characters; this one has ${note.length}.` : undefined;
}
