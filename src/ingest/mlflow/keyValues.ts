import type { IngestContext } from '../types';
import { keyedFiles, readSmallFile } from './sourceFiles';

/**
 * MLflow caps a param at 6,000 characters and a tag at 8,000; a value file past a megabyte was
 * not written by MLflow and is left out rather than held in memory.
 */
const MAX_VALUE_BYTES = 1 << 20;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The params or tags of a run: one file per key under `dir` (a key with `/` is a file in a
 * subfolder), the file's whole content its value, as MLflow writes it (no trailing newline).
 *
 * A value that is not UTF-8 is kept, with U+FFFD in place of the bytes that are not, and a
 * warning names the file: a param is a fact about the run that a user compares across runs, so a
 * visibly damaged value is more use than a missing one, and the diagnostic says where to look.
 */
export function readKeyValues(ctx: IngestContext, dir: string): Record<string, string> {
  // A null prototype keeps a key named __proto__ an ordinary key.
  const values: Record<string, string> = Object.create(null);
  for (const { key, file } of keyedFiles(ctx, dir)) {
    const bytes = readSmallFile(ctx, file, MAX_VALUE_BYTES);
    if (bytes === null) continue;
    try {
      values[key] = utf8.decode(bytes);
    } catch {
      ctx.diagnostics.warning(file, 'not valid UTF-8; kept with U+FFFD replacing the invalid bytes');
      values[key] = lenientUtf8.decode(bytes);
    }
  }
  return values;
}
