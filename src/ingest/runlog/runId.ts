/** Run ids double as file names (`<run id>.jsonl`), so they are limited to what is safe on every platform. */
const RUN_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const EXTENSION = '.jsonl';

export function isValidRunId(id: string): boolean {
  return RUN_ID.test(id);
}

export function isRunLogFileName(fileName: string): boolean {
  return fileName.endsWith(EXTENSION);
}

/** The run id a run log file is named after, or null when its name is not `<valid run id>.jsonl`. */
export function runIdOfFileName(fileName: string): string | null {
  if (!isRunLogFileName(fileName)) return null;
  const id = fileName.slice(0, -EXTENSION.length);
  return isValidRunId(id) ? id : null;
}
