import type { ArtifactEntry, ArtifactRoot } from '../core/artifacts/types';
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
  /** Depth first, each folder before what it holds, folders before files, by name. */
  entries: ArtifactEntry[];
  /** What could not be listed under it (a link leading out, a folder that cannot be read), one line each. */
  problems: string[];
}

export interface ArtifactTreeView {
  runId: string;
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
