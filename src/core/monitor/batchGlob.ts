/**
 * The globs of monitor.yaml: workspace-relative, `/`-separated, with `*` (within a folder name),
 * `**` (any folders), `?` (one character) and `{a,b}` (either). Pure: the walk is the caller's.
 */

/** Why a glob cannot name batch files in the workspace, or null when it can. */
export function globProblem(glob: string): string | null {
  if (glob.trim() === '') return 'is empty; name the batch files, such as data/incoming/*.parquet';
  if (glob.startsWith('/') || /^[a-zA-Z]:/.test(glob) || glob.startsWith('\\')) return `"${glob}" is absolute; write it relative to the workspace folder, such as data/incoming/*.parquet`;
  if (glob.includes('\\')) return `"${glob}" has a "\\"; separate folders with "/"`;
  if (glob.split('/').includes('..')) return `"${glob}" leads out of the workspace with ".."; batches are watched inside the workspace folder`;
  if (glob.endsWith('/')) return `"${glob}" names a folder; name its files, such as ${glob}*.csv`;
  let depth = 0;
  for (const c of glob) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (depth < 0 || depth > 1) return `"${glob}" has unbalanced or nested braces; write alternatives as {a,b}`;
  }
  if (depth !== 0) return `"${glob}" has an unclosed "{"`;
  return null;
}

/** The glob without a leading `./`. */
export function normalizeGlob(glob: string): string {
  return glob.replace(/^(\.\/)+/, '');
}

/** A regular expression matching workspace-relative paths (`/`-separated) the glob names. */
export function globToRegExp(glob: string): RegExp {
  const segments = normalizeGlob(glob).split('/');
  let source = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      // Any number of folders, none included.
      source += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    source += segmentSource(segment) + (last ? '' : '/');
  });
  return new RegExp(`^${source}$`);
}

/** The folder before the first wildcard: the only place a walk for the glob needs to look. */
export function globBase(glob: string): string {
  const segments = normalizeGlob(glob).split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (/[*?{]/.test(segment)) break;
    fixed.push(segment);
  }
  return fixed.join('/');
}

/** Whether the glob can match files below folders of its base (it has `**` or a wildcard folder). */
export function globIsDeep(glob: string): boolean {
  const segments = normalizeGlob(glob).split('/');
  return segments.slice(globBase(glob) === '' ? 0 : globBase(glob).split('/').length).length > 1;
}

function segmentSource(segment: string): string {
  let source = '';
  let inBraces = false;
  for (const c of segment) {
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '{') {
      source += '(?:';
      inBraces = true;
    } else if (c === '}') {
      source += ')';
      inBraces = false;
    } else if (c === ',' && inBraces) source += '|';
    else source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return source;
}
