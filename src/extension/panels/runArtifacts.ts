import * as path from 'node:path';
import * as vscode from 'vscode';
import { readArtifactPreview } from '../../artifacts/artifactPreview';
import { listArtifactRoot } from '../../artifacts/artifactTree';
import { runArtifactRoots } from '../../artifacts/runArtifactRoots';
import { resolveInside } from '../../artifacts/safePath';
import type { ArtifactRoot } from '../../core/artifacts/types';
import { UserError } from '../../core/errors';
import type { Artifact } from '../../core/types';
import type { ArtifactPreview, ArtifactRef, ArtifactTreeView } from '../../protocol/runArtifacts';
import type { Store } from '../../store/store';
import { webviewRoots } from './webviewHtml';

/**
 * The run panel's artifact browser on the host: lists the run's artifact roots for the state
 * snapshot (again only when the run or what the store records of its artifacts changed, or on
 * Refresh), answers one preview at a time, and opens, reveals and copies files. The webview may
 * load resources only from the bundle, media/ and the roots of the run it shows.
 */
export class RunArtifacts {
  private roots: ArtifactRoot[] = [];
  private tree: ArtifactTreeView | null = null;
  private listedFor = '';

  constructor(
    private readonly webview: vscode.Webview,
    private readonly extensionUri: vscode.Uri,
  ) {}

  /** The tree of the run's artifacts; the last listing when nothing it depends on changed. */
  async snapshot(workspace: string, store: Store, runId: string, refresh = false): Promise<ArtifactTreeView> {
    const roots = runArtifactRoots(workspace, store, runId);
    const recorded = store.runs.artifacts(runId);
    const key = JSON.stringify([workspace, runId, roots, recorded]);
    if (this.tree && !refresh && key === this.listedFor) return this.tree;
    const listed = await Promise.all(roots.map((root) => listArtifactRoot(root, knownHashes(workspace, root, recorded))));
    this.roots = roots;
    this.listedFor = key;
    this.tree = {
      runId,
      roots: roots.map((root, i) => ({ label: root.label, layout: root.layout, entries: listed[i]!.entries, problems: listed[i]!.problems })),
      elsewhere: notInRoots(workspace, roots, listed.map((l) => l.entries.map((e) => e.path)), recorded),
    };
    this.allowResources(roots);
    return this.tree;
  }

  /** Forgets the listing: the next snapshot lists again (another run is shown). */
  reset(): void {
    this.tree = null;
    this.listedFor = '';
  }

  async preview(ref: ArtifactRef): Promise<ArtifactPreview> {
    const content = await readArtifactPreview(this.root(ref), ref.path);
    switch (content.kind) {
      case 'image':
        return { kind: 'image', uri: this.webview.asWebviewUri(vscode.Uri.file(content.file)).toString(), size: content.size };
      case 'markdown': {
        // The editor's own Markdown renderer, as its preview shows it; the page shows the HTML in a frame that runs no script.
        const html = await vscode.commands.executeCommand<string>('markdown.api.render', content.text);
        return { kind: 'html', html, size: content.size, truncated: content.truncated, markdown: true };
      }
      case 'html':
        return { ...content, markdown: false };
      default:
        return content;
    }
  }

  /** The real path of an artifact the page named, inside its root. */
  file(ref: ArtifactRef): string {
    return resolveInside(this.root(ref).dir, ref.path);
  }

  async open(ref: ArtifactRef): Promise<void> {
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(this.file(ref)), { preview: true });
  }

  async reveal(ref: ArtifactRef): Promise<void> {
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(this.file(ref)));
  }

  private root(ref: ArtifactRef): ArtifactRoot {
    const root = this.roots[ref.root];
    if (!root) throw new UserError(vscode.l10n.t('The run panel asked for artifact folder {0}, which this run does not have; refresh the panel.', ref.root));
    return root;
  }

  /**
   * Images are served from the run's roots only: a root that lists its files (a run log's, which
   * is the workspace) opens only those files, not the folder that holds them.
   */
  allowResources(roots: readonly ArtifactRoot[]): void {
    const allowed = roots.flatMap((root) => (root.files === undefined ? [root.dir] : root.files.map((file) => path.join(root.dir, file))));
    const localResourceRoots = [...webviewRoots(this.extensionUri), ...allowed.map((dir) => vscode.Uri.file(dir))];
    const now = this.webview.options.localResourceRoots ?? [];
    // New options reload the page: set them only when the folders change (another run is shown).
    if (now.length === localResourceRoots.length && now.every((uri, i) => uri.toString() === localResourceRoots[i]!.toString())) return;
    this.webview.options = { ...this.webview.options, localResourceRoots };
  }
}

/** The sha256 the store recorded for files of `root`, by path in it: MLflow's are relative to the root, the others to the workspace. */
function knownHashes(workspace: string, root: ArtifactRoot, recorded: readonly Artifact[]): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const artifact of recorded) {
    if (artifact.sha256 === null) continue;
    const inRoot = root.layout === 'mlflow' ? artifact.path : path.relative(root.dir, path.resolve(workspace, artifact.path)).split(path.sep).join('/');
    hashes.set(inRoot, artifact.sha256);
  }
  return hashes;
}

/** Recorded artifacts that no listed root holds: a URI, a path outside the workspace, a file not pulled. */
function notInRoots(workspace: string, roots: readonly ArtifactRoot[], listed: readonly string[][], recorded: readonly Artifact[]): ArtifactTreeView['elsewhere'] {
  const here = new Set<string>();
  roots.forEach((root, i) => {
    for (const entry of listed[i]!) here.add(path.join(root.dir, entry));
  });
  const inRoots = (p: string) => here.has(path.resolve(workspace, p)) || roots.some((root) => root.layout === 'mlflow' && here.has(path.join(root.dir, p)));
  return recorded.filter((a) => !inRoots(a.path)).map((a) => ({ path: a.path, size: a.size, sha256: a.sha256 }));
}
