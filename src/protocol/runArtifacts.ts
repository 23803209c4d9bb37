import type { ArtifactEntry, ArtifactRoot } from '../core/artifacts/types';
import type { Artifact } from '../core/types';
import { rowKey, shownEntries } from './artifactRows';
import type { PreviewContent } from '../core/artifacts/preview';

/**
 * The artifact browser's part of the run panel's protocol: the tree comes in the panel's state
 * snapshot (`artifacts`), and each preview is asked for one file at a time (`previewArtifact`, answered by
 * `artifactPreview` with the same id). Files are named by their root's index in the snapshot and
 * their path inside it; the host resolves both again, inside the root, before it reads anything.
 */

export interface ArtifactRootView {
  label: string;
  layout: ArtifactRoot['layout'];
  /**
   * What is in view: the root's own entries and what its open folders hold (the host pages the
   * rest in as folders open), depth first, each folder before what it holds, folders first, by name.
   */
  entries: ArtifactEntry[];
  /** Files in the whole root, listed or not. */
  files: number;
  /** What could not be listed under it (a link leading out, a folder that cannot be read), one line each. */
  problems: string[];
}

export interface ArtifactTreeView {
  runId: string;
  /** Open folders, as row keys (`<root index>:<path>`). */
  expanded: string[];
  roots: ArtifactRootView[];
  /** Artifacts the run recorded that are in no root on this machine: a URI, a path outside the workspace, a file not pulled. */
  elsewhere: { path: string; size: number | null; sha256: string | null }[];
}

/**
 * A preview as the webview gets it: an image by its webview URI (never bytes), Markdown already
 * rendered to HTML (shown, like an HTML file, in a sandboxed frame that runs no script).
 */
export type ArtifactPreview =
  | Exclude<PreviewContent, { kind: 'image' } | { kind: 'markdown' } | { kind: 'html' }>
  | { kind: 'image'; uri: string; size: number }
  | { kind: 'html'; html: string; size: number; truncated: boolean; markdown: boolean }
  | { kind: 'error'; message: string };

/** The answer to one `previewArtifact`, with its id. */
export type ToRunArtifactsWebview = { type: 'artifactPreview'; id: number; runId: string; root: number; path: string; preview: ArtifactPreview };

/** An artifact named by the webview: a root's index and a path inside it ('' for the root). */
export interface ArtifactRef {
  root: number;
  path: string;
}

export type FromRunArtifactsWebview =
  | ({ type: 'previewArtifact'; id: number } & ArtifactRef)
  | ({ type: 'openArtifact' | 'revealArtifact' | 'copyArtifactPath' } & ArtifactRef)
  /** Opens or closes a folder: the host answers with a snapshot that holds (or no longer holds) what it contains. */
  | ({ type: 'expandArtifact'; expanded: boolean } & ArtifactRef)
  | { type: 'refreshArtifacts' };

/** Roots in one run; a path's length; request ids. */
export const ARTIFACT_LIMITS = { roots: 100, path: 4_096, id: 2 ** 31 } as const;

export function isArtifactRef(m: Record<string, unknown>): m is Record<string, unknown> & ArtifactRef {
  return (
    Number.isInteger(m.root) &&
    (m.root as number) >= 0 &&
    (m.root as number) < ARTIFACT_LIMITS.roots &&
    typeof m.path === 'string' &&
    m.path.length <= ARTIFACT_LIMITS.path
  );
}

export function isRequestId(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < ARTIFACT_LIMITS.id;
}

/**
 * The tree as the page gets it: every root with only the entries in view (its own, and what its
 * open folders hold), so a 10,000-file run sends a screenful, not 10,000 rows. `expanded` holds row keys.
 */
export function artifactTreeView(
  runId: string,
  roots: readonly Pick<ArtifactRoot, 'label' | 'layout'>[],
  listed: readonly { entries: readonly ArtifactEntry[]; problems: string[] }[],
  elsewhere: readonly Artifact[],
  expanded: ReadonlySet<string>,
): ArtifactTreeView {
  return {
    runId,
    expanded: [...expanded],
    roots: roots.map((root, r) => ({
      label: root.label,
      layout: root.layout,
      entries: shownEntries(listed[r]!.entries, (folder) => expanded.has(rowKey(r, folder))),
      files: listed[r]!.entries.reduce((n, e) => (e.kind === 'file' ? n + 1 : n), 0),
      problems: listed[r]!.problems,
    })),
    elsewhere: elsewhere.map((a) => ({ path: a.path, size: a.size, sha256: a.sha256 })),
  };
}
