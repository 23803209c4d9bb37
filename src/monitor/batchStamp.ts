import * as fs from 'node:fs';

export interface BatchStamp {
  /** The file's size and modification time to the nanosecond: its sha256 is read again only when this moves. */
  stamp: string;
  mtimeMs: number;
}

export async function batchStamp(file: string): Promise<BatchStamp> {
  const stat = await fs.promises.stat(file, { bigint: true });
  return { stamp: `${stat.size}:${stat.mtimeNs}`, mtimeMs: Number(stat.mtimeMs) };
}
