import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseMlmodel } from '../core/artifacts/mlmodel';
import type { PreviewContent, TextLanguage } from '../core/artifacts/preview';
import type { ArtifactRoot } from '../core/artifacts/types';
import { UserError } from '../core/errors';
import { resolveInside } from './safePath';
import { isImageFile } from './media/mediaFiles';

/**
 * How much of a file each kind of preview reads. A file over its kind's `max` is never opened:
 * the preview says its size. Text is read up to `read` bytes, the rest said to be cut.
 */
export const PREVIEW_LIMITS = {
  image: { max: 50 << 20 },
  text: { max: 10 << 20, read: 256 << 10 },
  table: { max: 200 << 20, read: 4 << 20, rows: 1_000 },
  html: { max: 5 << 20, read: 1 << 20 },
  mlmodel: { max: 1 << 20 },
  /** Bytes sniffed to tell text from binary in a file of unknown kind. */
  sniff: 8 << 10,
} as const;

const LANGUAGES: Record<string, TextLanguage> = {
  '.json': 'json', '.jsonl': 'json', '.ndjson': 'json', '.ipynb': 'json', '.geojson': 'json',
  '.yaml': 'yaml', '.yml': 'yaml',
  '.py': 'python',
  '.txt': 'plain', '.log': 'plain', '.cfg': 'plain', '.ini': 'plain', '.toml': 'plain', '.rst': 'plain', '.xml': 'plain', '.sh': 'plain',
};
/** Files a preview never opens: models, archives, arrays. */
const BINARY = new Set(['.pkl', '.pickle', '.joblib', '.pt', '.pth', '.ckpt', '.bin', '.h5', '.hdf5', '.keras', '.onnx', '.pb', '.tflite', '.safetensors', '.npy', '.npz', '.parquet', '.feather', '.arrow', '.zip', '.gz', '.tgz', '.tar', '.xz', '.bz2', '.7z', '.shap', '.cbm', '.ubj', '.so', '.dll', '.exe']);

/** The preview of one artifact, read inside its root (resolveInside refuses links out, `..` and absolute paths). */
export async function readArtifactPreview(root: ArtifactRoot, relative: string): Promise<PreviewContent> {
  if (!belongsToRoot(root, relative)) throw new UserError(`Artifact path "${relative}" is not one of this run's artifacts in ${root.label}.`);
  const file = resolveInside(root.dir, relative);
  const stat = await fs.promises.stat(file);
  if (!stat.isFile()) throw new UserError(`Artifact path "${relative}" in ${root.label} is a folder, not a file: there is nothing to preview.`);
  const size = stat.size;
  const name = path.basename(relative);
  const ext = path.extname(name).toLowerCase();
  const over = (max: number): PreviewContent | null => (size > max ? { kind: 'tooBig', size, limit: max } : null);
  if (isImageFile(name)) return over(PREVIEW_LIMITS.image.max) ?? { kind: 'image', file, size };
  if (name === 'MLmodel') return over(PREVIEW_LIMITS.mlmodel.max) ?? mlmodelPreview(file, size);
  if (ext === '.csv' || ext === '.tsv') return over(PREVIEW_LIMITS.table.max) ?? tablePreview(file, size, ext === '.tsv' ? '\t' : ',');
  if (ext === '.md' || ext === '.markdown') {
    const tooBig = over(PREVIEW_LIMITS.text.max);
    if (tooBig) return tooBig;
    const { text, truncated } = await head(file, size, PREVIEW_LIMITS.text.read);
    return { kind: 'markdown', text, size, truncated };
  }
  if (ext === '.html' || ext === '.htm') {
    const tooBig = over(PREVIEW_LIMITS.html.max);
    if (tooBig) return tooBig;
    const { text, truncated } = await head(file, size, PREVIEW_LIMITS.html.read);
    return { kind: 'html', html: text, size, truncated };
  }
  if (BINARY.has(ext)) return { kind: 'binary', size };
  const tooBig = over(PREVIEW_LIMITS.text.max);
  if (tooBig) return tooBig;
  const language = LANGUAGES[ext];
  const { text, truncated, binary } = await head(file, size, PREVIEW_LIMITS.text.read);
  if (language === undefined && binary) return { kind: 'binary', size };
  return { kind: 'text', language: language ?? 'plain', text, size, truncated };
}

/** A root that declares its files (a run log's, dvc.yaml's) holds only those, and what declared folders hold. */
export function belongsToRoot(root: ArtifactRoot, relative: string): boolean {
  if (root.files === undefined) return true;
  return root.files.some((declared) => relative === declared || relative.startsWith(`${declared}/`));
}

/** The first `max` bytes as UTF-8, whether that cut the file, and whether it looked binary (a NUL byte near the start). */
async function head(file: string, size: number, max: number): Promise<{ text: string; truncated: boolean; binary: boolean }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(size, max));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const bytes = buffer.subarray(0, bytesRead);
    const binary = bytes.subarray(0, PREVIEW_LIMITS.sniff).includes(0);
    // A cut through a multi-byte character leaves one replacement character at the end, no more.
    return { text: bytes.toString('utf8'), truncated: size > bytesRead, binary };
  } finally {
    await handle.close();
  }
}

async function mlmodelPreview(file: string, size: number): Promise<PreviewContent> {
  const text = await fs.promises.readFile(file, 'utf8');
  const model = parseMlmodel(text);
  // A file named MLmodel that is not one is still worth seeing as YAML.
  return typeof model === 'string' ? { kind: 'text', language: 'yaml', text, size, truncated: false } : { kind: 'mlmodel', model, size };
}

async function tablePreview(file: string, size: number, delimiter: string): Promise<PreviewContent> {
  const { text, truncated: cut } = await head(file, size, PREVIEW_LIMITS.table.read);
  // A cut file ends in a partial line: drop it, so no row is half there.
  const whole = cut ? text.slice(0, Math.max(0, text.lastIndexOf('\n') + 1)) : text;
  const limit = PREVIEW_LIMITS.table.rows;
  const records = parseCsv(whole, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, to: limit + 2 }) as string[][];
  const [columns = [], ...rows] = records;
  return { kind: 'table', columns, rows: rows.slice(0, limit), size, truncated: cut || rows.length > limit };
}
