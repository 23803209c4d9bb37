import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArtifactRoot, RunMedia } from '../../core/artifacts/types';
import { dvcYamlDirs } from './dvcliveMedia';
import { runMedia } from './runMedia';

/** Files whose bytes runMedia reads (images are only listed: their folders' mtimes cover them). */
const READ = new Set(['.json', '.csv', '.tsv', '.yaml', '.yml', '.jsonl']);
const MAX_DEPTH = 12;
/** Runs kept: those of the open panels (a compare of 20, a few run tabs); the least recently used goes first. */
const MAX_RUNS = 64;

const cache = new Map<string, { stamp: string; media: RunMedia }>();

/**
 * runMedia for one run, read again only when its roots or what the readers depend on changed: the
 * size and mtime of every data file in the roots (and of the files a root lists, and the dvc.yaml
 * files of a DVCLive folder), and the mtime of every folder (a file added, removed or renamed).
 */
export function cachedRunMedia(runKey: string, roots: readonly ArtifactRoot[]): RunMedia {
  const stamp = JSON.stringify([roots, roots.map(rootStamp)]);
  const hit = cache.get(runKey);
  cache.delete(runKey); // re-inserted last: Map order is the recency order
  const media = hit?.stamp === stamp ? hit.media : runMedia(roots);
  cache.set(runKey, { stamp, media });
  if (cache.size > MAX_RUNS) cache.delete(cache.keys().next().value!);
  return media;
}

function rootStamp(root: ArtifactRoot): string[] {
  const parts: string[] = [];
  if (root.files === undefined) walk(root.dir, 0, parts);
  else for (const file of root.files) walk(path.join(root.dir, file), 0, parts);
  if (root.layout === 'dvclive') for (const dir of dvcYamlDirs(root.dir)) parts.push(statPart(path.join(dir, 'dvc.yaml')));
  return parts;
}

function walk(target: string, depth: number, parts: string[]): void {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) {
    parts.push(`${target}:-`);
    return;
  }
  if (stat.isDirectory()) {
    parts.push(`${target}:${stat.mtimeMs}`);
    if (depth >= MAX_DEPTH) return;
    for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
      const child = path.join(target, entry.name);
      if (entry.isDirectory()) walk(child, depth + 1, parts);
      else if (READ.has(path.extname(entry.name).toLowerCase())) parts.push(statPart(child));
    }
  } else {
    parts.push(`${target}:${stat.size}:${stat.mtimeMs}`);
  }
}

function statPart(file: string): string {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${file}:${stat.size}:${stat.mtimeMs}` : `${file}:-`;
}
