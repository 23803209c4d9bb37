// Reads flights-3m.parquet in a process of its own, so its peak RSS is that read's alone.
// Usage: node driftParquetChild.js <read|drift> <file> [<workspace> <profile sha256>]
// read: hyparquet (+ hyparquet-compressors) alone reading every column, a column chunk at a time
// as the data layer reads it (the baseline); drift: the whole check against the stored profile.
import * as fs from 'node:fs';
import { checkDataDrift } from '../src/data/checkDataDrift';
import { fileReference } from '../src/data/dataReference';

async function readOnly(file: string): Promise<number> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const names = parquetSchema(metadata).children.map((child) => child.element.name);
  let values = 0;
  let start = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    for (const name of names) {
      await parquetRead({ file: buffer, metadata, compressors, columns: [name], rowStart: start, rowEnd: start + rows, onChunk: ({ rowStart, rowEnd }) => (values += rowEnd - rowStart) });
    }
    start += rows;
  }
  return values / names.length;
}

async function driftRows(file: string, workspace: string, sha256: string): Promise<number> {
  const report = await checkDataDrift(workspace, { kind: 'profile', sha256, label: 'reference' }, fileReference(file, workspace));
  return report.rows.current;
}

async function main(): Promise<void> {
  const [mode, file, workspace, sha256] = process.argv.slice(2) as ['read' | 'drift', string, string, string];
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  const started = performance.now();
  const rows = mode === 'read' ? await readOnly(file) : await driftRows(file, workspace, sha256);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ seconds, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

void main();
