/**
 * Where an MLflow model version's `source` points, read from its text alone. MLflow records the
 * source as the registering process saw it: another machine's path (`file:///Users/…/mlruns/…`,
 * `file:///F:/Portfolio%20Projects/…`, a bare `F:/…`), a tracking server's URI
 * (`mlflow-artifacts:/<experiment>/<run>/artifacts/<path>`), a run-relative URI
 * (`runs:/<run>/<path>`) or, from MLflow 3 on, a logged model (`models:/m-<id>`). Whatever the
 * machine, the tail of the path keeps MLflow's layout, and that tail is what finds the same files
 * in a store here.
 */
export interface VersionSourcePlace {
  /** The artifact's place under an MLflow artifact root (a file store, or a server's `mlartifacts/`); null when the source names none. */
  inStore: StorePlace | null;
  /** The source as a path (a `file:` URI's, or a bare path), `/`-separated: it may lie in the workspace itself. Null for servers' URIs. */
  localPath: string | null;
}

export type StorePlace =
  /** `<experiment>/<run>/artifacts/<path>`; a `runs:/` source names no experiment. */
  | { kind: 'run'; experimentId: string | null; runId: string; path: string }
  /** MLflow 3's `<experiment>/models/<model id>/artifacts/<path>`; a `models:/m-…` source names no experiment. */
  | { kind: 'loggedModel'; experimentId: string | null; modelId: string; path: string };

const NOWHERE: VersionSourcePlace = { inStore: null, localPath: null };
/** MLflow's run ids and logged model ids are uuid4 hex (with `m-` for models). */
const RUN_ID = /^[0-9a-f]{32}$/;
const MODEL_ID = /^m-[0-9a-f]{32}$/;

export function parseVersionSource(source: string): VersionSourcePlace {
  const text = source.trim();
  // MLflow never writes "..": a source with it is not followed anywhere.
  if (text.replace(/\\/g, '/').split('/').includes('..')) return NOWHERE;
  const run = /^runs:\/+([^/]+)\/*(.*)$/.exec(text);
  if (run) return { inStore: { kind: 'run', experimentId: null, runId: run[1]!, path: cleanPath(run[2]!) }, localPath: null };
  const model = /^models:\/+(m-[^/]+)\/*(.*)$/.exec(text);
  if (model) return { inStore: { kind: 'loggedModel', experimentId: null, modelId: model[1]!, path: cleanPath(model[2]!) }, localPath: null };
  // `models:/<name>/<version or stage>`: another registered model's version, not a place.
  if (/^models:/i.test(text)) return NOWHERE;
  const located = pathOf(text);
  if (located.path === '' || located.path.split('/').includes('..')) return NOWHERE;
  return { inStore: storePlaceIn(located.path), localPath: located.local ? located.path : null };
}

/** The path part of a URI or a bare path, decoded and `/`-separated; `local` when it is a path on some machine's disk. */
function pathOf(text: string): { path: string; local: boolean } {
  if (/^[a-zA-Z]:[\\/]/.test(text)) return { path: text.replace(/\\/g, '/'), local: true }; // a Windows drive path
  const uri = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(text);
  if (!uri) return { path: text.replace(/\\/g, '/'), local: true };
  // `scheme://authority/path` or `scheme:/path`: the authority (a host, a bucket) is no part of the path.
  const rest = uri[2]!.startsWith('//') ? uri[2]!.slice(2).replace(/^[^/]*/, '') : uri[2]!;
  const decoded = decodePercent(rest);
  // `file:///F:/…` is a Windows drive path.
  const path = /^\/[a-zA-Z]:\//.test(decoded) ? decoded.slice(1) : decoded;
  return { path, local: uri[1]!.toLowerCase() === 'file' };
}

function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    if (error instanceof URIError) return text; // a lone "%" that MLflow did not escape: literal
    throw error;
  }
}

/**
 * The `<experiment>/<run>/artifacts/<path>` (or logged model) tail of a path. An `artifacts`
 * folder after a run id or a model id wins; else the last `artifacts` folder with two before it.
 */
function storePlaceIn(path: string): StorePlace | null {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  const candidates = parts.flatMap((part, i) => (part === 'artifacts' && i >= 2 ? [i] : []));
  const at = candidates.find((i) => RUN_ID.test(parts[i - 1]!) || MODEL_ID.test(parts[i - 1]!)) ?? candidates.at(-1);
  if (at === undefined) return null;
  const rest = parts.slice(at + 1).join('/');
  if (at >= 3 && parts[at - 2] === 'models' && parts[at - 1]!.startsWith('m-')) {
    return { kind: 'loggedModel', experimentId: parts[at - 3]!, modelId: parts[at - 1]!, path: rest };
  }
  return { kind: 'run', experimentId: parts[at - 2]!, runId: parts[at - 1]!, path: rest };
}

function cleanPath(path: string): string {
  return path.split('/').filter((p) => p !== '' && p !== '.').join('/');
}
