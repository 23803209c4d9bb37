import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDirManifest, type DvcOut } from '../core/artifacts/dvcOuts';
import { UserError } from '../core/errors';
import type { DvcCacheSetting } from './dvcConfig';
import { resolveInside } from './safePath';

/**
 * DVC's cache, as https://dvc.org/doc/user-guide/project-structure/internal-files#structure-of-the-cache-directory
 * lays it out: an object is named by its md5, the first two hex digits a folder and the rest the
 * file, under `files/md5/` for DVC 3's hash and at the cache's top for DVC 2's (`md5-dos2unix`;
 * `dvc cache migrate` moves them). A folder is a `<md5>.dir` object: a JSON list of its files'
 * md5 and relpath.
 */

/** A file to copy out of the cache: where it goes (inside the artifact, '' for a file artifact) and the object holding it. */
export interface CachedFile {
  rel: string;
  object: string;
}

/**
 * The cache objects that make up the artifact at `inside` of `out` ('' for the out itself):
 * one for a file, one per file of a folder. Each object path is resolved inside the cache (a
 * link out of it is refused); an object missing from the cache is a UserError naming it.
 */
export function cachedFiles(cache: DvcCacheSetting, out: DvcOut, inside: string): CachedFile[] {
  const object = (md5: string) => cacheObject(cache, md5, out);
  if (!out.md5.endsWith('.dir')) return [{ rel: '', object: object(out.md5) }];
  const manifestFile = object(out.md5);
  const entries = parseDirManifest(fs.readFileSync(manifestFile, 'utf8'), manifestFile);
  if (inside === '') return entries.map((e) => ({ rel: e.relpath, object: object(e.md5) }));
  const exact = entries.find((e) => e.relpath === inside);
  if (exact) return [{ rel: '', object: object(exact.md5) }];
  const under = entries.filter((e) => e.relpath.startsWith(`${inside}/`));
  if (under.length === 0) throw new UserError(`${out.recordedIn} tracks ${out.path}, but its manifest ${manifestFile} has no ${inside} in it.`);
  return under.map((e) => ({ rel: e.relpath.slice(inside.length + 1), object: object(e.md5) }));
}

/** Where an object is: in the layout its hash names first, then the other (a cache half-migrated). */
function cacheObject(cache: DvcCacheSetting, md5: string, out: DvcOut): string {
  const cacheDir = cache.dir;
  const split = `${md5.slice(0, 2)}/${md5.slice(2)}`;
  const places = out.hash === 'md5' ? [`files/md5/${split}`, split] : [split, `files/md5/${split}`];
  for (const place of places) {
    if (fs.existsSync(path.join(cacheDir, place))) return resolveInside(cacheDir, place);
  }
  const named = cache.from === 'default' ? 'the default cache folder, no DVC config setting cache.dir' : `cache.dir of ${cache.from}`;
  throw new MissingCacheObject(
    `${out.path} is tracked by DVC (${out.recordedIn}, md5 ${md5}), but the cache ${cacheDir} (${named}) does not have it (looked for ${places.join(' and ')}); run "dvc pull" (or "dvc fetch") first.`,
  );
}

/** A cache without the object: the caller may read the artifact from elsewhere (the working tree). */
export class MissingCacheObject extends UserError {}
