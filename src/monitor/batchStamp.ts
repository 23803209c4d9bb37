import * as fs from 'node:fs';

/** A batch file's size and modification time to the nanosecond: its sha256 is read again only when this moves. */
export async function batchStamp(file: string): Promise<string> {
  const stat = await fs.promises.stat(file, { bigint: true });
  return `${stat.size}:${stat.mtimeNs}`;
}
