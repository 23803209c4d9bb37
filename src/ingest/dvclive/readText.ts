import * as fs from 'node:fs';
import type { DiagnosticSink } from '../diagnostics';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The text of a small source file (metrics.json, params.yaml, dvc.yaml); undefined when it does
 * not exist, which is normal (a run that logged no params has no params.yaml). A file that
 * cannot be read or is not UTF-8 is reported and also reads as undefined.
 */
export function readText(file: string, diagnostics: DiagnosticSink): string | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') diagnostics.error(file, `cannot be read (${code ?? String(error)}); skipped`);
    return undefined;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    diagnostics.error(file, 'not valid UTF-8; skipped');
    return undefined;
  }
}
