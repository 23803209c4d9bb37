import { MAX_META_BYTES, parseMeta, type Meta } from '../../core/mlflowMeta';
import type { IngestContext } from '../types';
import { readSmallFile } from './sourceFiles';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads and parses a meta.yaml; null with a diagnostic naming the file when it cannot be used. */
export function readMeta(ctx: IngestContext, file: string): Meta | null {
  const bytes = readSmallFile(ctx, file, MAX_META_BYTES);
  if (bytes === null) return null;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    ctx.diagnostics.error(file, 'not valid UTF-8; skipped');
    return null;
  }
  const meta = parseMeta(text);
  if (typeof meta === 'string') {
    ctx.diagnostics.error(file, `${meta}; skipped`);
    return null;
  }
  return meta;
}
