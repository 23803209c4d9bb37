import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ArtifactHash {
  sha256: string;
  size: number;
}

/**
 * The sha256 and size of a file, streamed (model files are often gigabytes). A folder (an MLflow
 * model, a saved TensorFlow model) hashes as the sha256 of its sorted listing of
 * "<sha256 of file>  <path in folder>" lines, and its size is the sum of its files'.
 * Symbolic links are followed, as `sha256sum` would.
 */
export async function hashArtifact(file: string): Promise<ArtifactHash> {
  const stat = await fs.promises.stat(file);
  if (!stat.isDirectory()) return hashFile(file);
  const listing: string[] = [];
  let size = 0;
  for (const rel of await listFiles(file)) {
    const h = await hashFile(path.join(file, rel));
    listing.push(`${h.sha256}  ${rel.split(path.sep).join('/')}\n`);
    size += h.size;
  }
  return { sha256: createHash('sha256').update(listing.join('')).digest('hex'), size };
}

async function hashFile(file: string): Promise<ArtifactHash> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.promises.readdir(path.join(dir, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = path.join(prefix, entry.name);
    const stat = await fs.promises.stat(path.join(dir, rel));
    if (stat.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (stat.isFile()) out.push(rel);
  }
  return out;
}
