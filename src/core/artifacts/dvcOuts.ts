import { parse } from 'yaml';
import { isRecord } from '../../common/records';
import { UserError } from '../errors';

/**
 * What DVC tracks, as its metafiles record it: each `outs` entry of a `.dvc` file, or of a
 * `dvc.lock` stage, with the md5 that names its object in the cache. A folder's md5 ends in
 * `.dir` and names a JSON manifest of its files.
 * (https://dvc.org/doc/user-guide/project-structure/dvc-files,
 * https://dvc.org/doc/user-guide/project-structure/dvcyaml-files#dvclock-file)
 */
export interface DvcOut {
  /** Relative to the repository root, `/`-separated. */
  path: string;
  /** 32 hex digits, with `.dir` for a folder. */
  md5: string;
  /**
   * `md5` (DVC 3: `hash: md5`, cached under `files/md5/`) or `md5-dos2unix` (DVC 2's hash, no
   * `hash` field, cached at the cache's top).
   */
  hash: 'md5' | 'md5-dos2unix';
  /** The metafile that records it, relative to the repository root. */
  recordedIn: string;
}

const MD5 = /^[0-9a-f]{32}(\.dir)?$/;

/** The outs of a `.dvc` file at `file` (repository-relative); paths in it are relative to its folder. */
export function dvcFileOuts(text: string, file: string): DvcOut[] {
  const doc: unknown = parse(text);
  return isRecord(doc) ? outsOf(doc.outs, file) : [];
}

/**
 * The outs of every stage of a `dvc.lock` at `file`; paths in it are relative to its folder, or
 * to the stage's `wdir`, which only the `dvc.yaml` beside it (`dvcYaml`, null when absent) records
 * (a `foreach`/`matrix` stage `name@key` takes its `name`'s).
 */
export function dvcLockOuts(text: string, file: string, dvcYaml: string | null = null): DvcOut[] {
  const doc: unknown = parse(text);
  if (!isRecord(doc) || !isRecord(doc.stages)) return [];
  const declared: unknown = dvcYaml === null ? null : parse(dvcYaml);
  const stages = isRecord(declared) && isRecord(declared.stages) ? declared.stages : {};
  return Object.entries(doc.stages).flatMap(([name, stage]) => {
    if (!isRecord(stage)) return [];
    const definition = stages[name] ?? stages[name.split('@')[0]!];
    const wdir = isRecord(definition) && typeof definition.wdir === 'string' ? definition.wdir : '.';
    return outsOf(stage.outs, file, wdir);
  });
}

function outsOf(outs: unknown, file: string, wdir = '.'): DvcOut[] {
  if (!Array.isArray(outs)) return [];
  const metafileFolder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const folder = metafileFolder === '' ? wdir : `${metafileFolder}/${wdir}`;
  const found: DvcOut[] = [];
  for (const out of outs) {
    if (!isRecord(out) || typeof out.path !== 'string' || typeof out.md5 !== 'string' || !MD5.test(out.md5)) continue;
    const joined = normalize(folder === '' ? out.path : `${folder}/${out.path}`);
    if (joined === null) continue;
    found.push({ path: joined, md5: out.md5, hash: out.hash === 'md5' ? 'md5' : 'md5-dos2unix', recordedIn: file });
  }
  return found;
}

/** A `/`-separated path with `.` segments dropped; null when it leaves the repository or is absolute. */
function normalize(p: string): string | null {
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p)) return null;
  const parts: string[] = [];
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length === 0 ? null : parts.join('/');
}

/** The out that holds `artifact` (the out itself, or a folder out above it), and the artifact's path inside it ('' for the out itself). */
export function outHolding(outs: readonly DvcOut[], artifact: string): { out: DvcOut; inside: string } | null {
  for (const out of outs) {
    if (out.path === artifact) return { out, inside: '' };
    if (out.md5.endsWith('.dir') && artifact.startsWith(`${out.path}/`)) return { out, inside: artifact.slice(out.path.length + 1) };
  }
  return null;
}

/** The metafiles that could track `artifact`: `<it or a folder above>.dvc`, and the `dvc.lock` of its folder or one above. */
export function dvcMetafileCandidates(artifact: string): { dvcFiles: string[]; lockFiles: string[] } {
  const parts = artifact.split('/');
  const dvcFiles = parts.map((_, i) => `${parts.slice(0, parts.length - i).join('/')}.dvc`);
  const lockFiles = parts.slice(0, -1).map((_, i) => `${parts.slice(0, parts.length - 1 - i).join('/')}/dvc.lock`);
  return { dvcFiles, lockFiles: [...lockFiles, 'dvc.lock'] };
}

/** One entry of a `.dir` manifest. */
export interface DvcDirEntry {
  md5: string;
  relpath: string;
}

/**
 * A folder's manifest (`[{"md5": …, "relpath": …}, …]`). A relpath that is absolute or climbs
 * with `..` is refused by name, as is anything not in that shape.
 */
export function parseDirManifest(text: string, object: string): DvcDirEntry[] {
  const problem = (what: string) => new UserError(`${object} is not a DVC folder manifest: ${what}.`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw problem(`not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(doc)) throw problem('not a list');
  return doc.map((entry) => {
    if (!isRecord(entry) || typeof entry.md5 !== 'string' || !MD5.test(entry.md5) || entry.md5.endsWith('.dir') || typeof entry.relpath !== 'string') {
      throw problem(`an entry is not {"md5", "relpath"}: ${JSON.stringify(entry)}`);
    }
    const relpath = entry.relpath.replace(/\\/g, '/');
    if (relpath.startsWith('/') || /^[a-zA-Z]:/.test(relpath) || relpath.split('/').some((p) => p === '..' || p === '')) {
      throw problem(`entry "${entry.relpath}" leads outside the folder`);
    }
    return { md5: entry.md5, relpath };
  });
}
