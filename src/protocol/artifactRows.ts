import type { ArtifactEntry } from '../core/artifacts/types';

/** One line of the artifact browser: a root's heading or an entry of it. */
export interface ArtifactRow {
  /** `<root index>:<path>`: stable while the tree is, unique in it. */
  key: string;
  root: number;
  /** '' for the root's own row. */
  path: string;
  name: string;
  /** 0 for a root, 1 for what is directly in it. */
  depth: number;
  kind: 'root' | ArtifactEntry['kind'];
  size: number | null;
  sha256: string | null;
  /** For a root or folder: whether its contents are shown. */
  expanded: boolean;
}

export const rowKey = (root: number, path: string): string => `${root}:${path}`;

/**
 * The rows shown, in order: each root, and under an expanded root or folder what it holds.
 * Entries are in tree order (each folder right before its contents), so one pass skips what a
 * collapsed folder holds. `expanded` holds row keys; roots are expanded unless `collapsed` has them.
 */
export function visibleArtifactRows(
  roots: readonly { label: string; entries: readonly ArtifactEntry[] }[],
  expanded: ReadonlySet<string>,
  collapsed: ReadonlySet<string> = new Set(),
): ArtifactRow[] {
  const rows: ArtifactRow[] = [];
  roots.forEach((root, r) => {
    const rootKey = rowKey(r, '');
    const rootOpen = !collapsed.has(rootKey);
    rows.push({ key: rootKey, root: r, path: '', name: root.label, depth: 0, kind: 'root', size: null, sha256: null, expanded: rootOpen });
    if (!rootOpen) return;
    /** The path of a collapsed folder whose contents are being skipped, with its trailing slash. */
    let skipping: string | null = null;
    for (const entry of root.entries) {
      if (skipping !== null && entry.path.startsWith(skipping)) continue;
      skipping = null;
      const key = rowKey(r, entry.path);
      const open = entry.kind === 'folder' && expanded.has(key);
      const slash = entry.path.lastIndexOf('/');
      rows.push({ key, root: r, path: entry.path, name: entry.path.slice(slash + 1), depth: depthOf(entry.path), kind: entry.kind, size: entry.size, sha256: entry.sha256, expanded: open });
      if (entry.kind === 'folder' && !open) skipping = `${entry.path}/`;
    }
  });
  return rows;
}

function depthOf(path: string): number {
  let depth = 1;
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) depth++;
  return depth;
}

/** The rows `[first, last)` to draw for a scroll position: the viewport's rows and `overscan` more each side. */
export function rowWindow(total: number, scrollTop: number, viewport: number, rowHeight: number, overscan = 10): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}
