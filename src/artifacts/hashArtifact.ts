import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathInside } from '../core/pathInside';

export interface ArtifactHash {
  sha256: string;
  size: number;
}

/**
 * The sha256 and size of a file, streamed (model files are often gigabytes). A folder (an MLflow
 * model, a saved TensorFlow model) hashes as the sha256 of its sorted listing of
 * "<sha256 of file>  <path in folder>" lines, and its size is the sum of its files'.
 * Symbolic links are followed, as `sha256sum` would; a folder reached again through a link is
 * not entered twice.
 */
export async function hashArtifact(file: string): Promise<ArtifactHash> {
  const stat = await fs.promises.stat(file);
  if (!stat.isDirectory()) return hashFile(file);
  const listing: string[] = [];
  let size = 0;
  for (const rel of await listFiles(file, '', new Set())) {
    const h = await hashFile(path.join(file, rel));
    listing.push(listingLine(h.sha256, rel));
    size += h.size;
  }
  return { sha256: listingDigest(listing), size };
}

/**
 * The same hash, read synchronously: for imports, which run in the import worker (or the CLI)
 * and never on the extension host's thread.
 */
export function hashArtifactSync(file: string): ArtifactHash {
  if (!fs.statSync(file).isDirectory()) return hashFileSync(file);
  const listing: string[] = [];
  let size = 0;
  for (const rel of artifactFilesSync(file)) {
    const h = hashFileSync(path.join(file, rel));
    listing.push(listingLine(h.sha256, rel));
    size += h.size;
  }
  return { sha256: listingDigest(listing), size };
}

/**
 * The files a folder's hash covers, relative and in the hash's order: what a copy of the folder
 * must hold (a folder reached again through a link is listed once, as the hash lists it).
 */
export function artifactFilesSync(folder: string): string[] {
  return listFilesSync(folder, '', new Set());
}

/**
 * What tells, without reading the files, whether an artifact may have changed since it was hashed:
 * a digest of each file's path, size and modification time (to the nanosecond), in the hash's
 * order. Links are followed, as the hash follows them; with `within`, a link that leads out of
 * that folder throws, so that nothing outside it is read (an import stays inside its workspace).
 */
export function artifactStamp(file: string, within?: string): string {
  const line = (rel: string, stat: fs.BigIntStats) => `${stat.size} ${stat.mtimeNs} ${rel.split(path.sep).join('/')}\n`;
  const stat = fs.statSync(file, { bigint: true });
  if (!stat.isDirectory()) return listingDigest([line('', stat)]);
  const lines: string[] = [];
  const seen = new Set<string>();
  const visit = (prefix: string): void => {
    if (!enterOnce(seen, fs.realpathSync(path.join(file, prefix)))) return;
    for (const entry of fs.readdirSync(path.join(file, prefix), { withFileTypes: true }).sort((a, b) => byName(a.name, b.name))) {
      const rel = path.join(prefix, entry.name);
      if (entry.isSymbolicLink() && within !== undefined) assertInside(within, path.join(file, rel));
      const childStat = fs.statSync(path.join(file, rel), { bigint: true });
      if (childStat.isDirectory()) visit(rel);
      else if (childStat.isFile()) lines.push(line(rel, childStat));
    }
  };
  visit('');
  return listingDigest(lines);
}

function assertInside(folder: string, link: string): void {
  const real = fs.realpathSync(link);
  if (pathInside(fs.realpathSync(folder), real) === null) throw new Error(`${path.relative(folder, link)} leads outside ${folder} (to ${real})`);
}

const CHUNK_BYTES = 1024 * 1024;

async function hashFile(file: string): Promise<ArtifactHash> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** In 1 MB chunks, so a model of many gigabytes never sits in memory. */
function hashFileSync(file: string): ArtifactHash {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const fd = fs.openSync(file, 'r');
  let size = 0;
  try {
    for (let read = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null); read > 0; read = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null)) {
      hash.update(buffer.subarray(0, read));
      size += read;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { sha256: hash.digest('hex'), size };
}

function listingLine(sha256: string, rel: string): string {
  return `${sha256}  ${rel.split(path.sep).join('/')}\n`;
}

function listingDigest(lines: readonly string[]): string {
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** Names in code-unit order, the order of the listing whichever platform lists the folder. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a folder (by real path) is new to this walk; a link back to a folder already walked would loop. */
function enterOnce(seen: Set<string>, real: string): boolean {
  if (seen.has(real)) return false;
  seen.add(real);
  return true;
}

async function listFiles(dir: string, prefix: string, seen: Set<string>): Promise<string[]> {
  if (!enterOnce(seen, await fs.promises.realpath(path.join(dir, prefix)))) return [];
  const out: string[] = [];
  const names = (await fs.promises.readdir(path.join(dir, prefix))).sort(byName);
  for (const name of names) {
    const rel = path.join(prefix, name);
    const stat = await fs.promises.stat(path.join(dir, rel));
    if (stat.isDirectory()) out.push(...(await listFiles(dir, rel, seen)));
    else if (stat.isFile()) out.push(rel);
  }
  return out;
}

function listFilesSync(dir: string, prefix: string, seen: Set<string>): string[] {
  if (!enterOnce(seen, fs.realpathSync(path.join(dir, prefix)))) return [];
  const out: string[] = [];
  for (const name of fs.readdirSync(path.join(dir, prefix)).sort(byName)) {
    const rel = path.join(prefix, name);
    const stat = fs.statSync(path.join(dir, rel));
    if (stat.isDirectory()) out.push(...listFilesSync(dir, rel, seen));
    else if (stat.isFile()) out.push(rel);
  }
  return out;
}
