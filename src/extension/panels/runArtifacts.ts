import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { belongsToRoot, readArtifactPreview } from '../../artifacts/artifactPreview';
import { runArtifactRoots } from '../../artifacts/runArtifactRoots';
import { listRunArtifacts, type RunArtifactTree } from '../../artifacts/runArtifactTree';
import { rowKey } from '../../protocol/artifactRows';
import { resourceRootsWithin } from '../../artifacts/resourceRoots';
import { resolveInside } from '../../artifacts/safePath';
import type { ArtifactRoot } from '../../core/artifacts/types';
import { UserError } from '../../core/errors';
import { artifactTreeView, type ArtifactPreview, type ArtifactRef, type ArtifactTreeView } from '../../protocol/runArtifacts';
import type { Store } from '../../store/store';
import { limitResourceRoots } from './webviewHtml';

/**
 * The run panel's artifact browser on the host: lists the run's artifact roots for the state
 * snapshot (again only when the run or what the store records of its artifacts changed, or on
 * Refresh), answers one preview at a time, and opens, reveals and copies files. The webview may
 * load resources only from the bundle, media/ and the roots of the run it shows.
 */
export class RunArtifacts {
  /** The shown run's artifact folders, as of the last snapshot. */
  roots: readonly ArtifactRoot[] = [];
  private listing: RunArtifactTree | null = null;
  private listedFor = '';
  /** Open folders, as row keys: the snapshot holds what they contain. */
  private readonly expanded = new Set<string>();

  constructor(
    private readonly webview: vscode.Webview,
    private readonly extensionUri: vscode.Uri,
  ) {}

  /** The tree of the run's artifacts in view; listed again only when something it depends on changed. */
  async snapshot(workspace: string, store: Store, runId: string, refresh = false): Promise<ArtifactTreeView> {
    const roots = runArtifactRoots(workspace, store, runId);
    const key = JSON.stringify([workspace, runId, roots, store.runs.artifacts(runId)]);
    if (!this.listing || refresh || key !== this.listedFor) {
      this.listing = await listRunArtifacts(workspace, store, runId, roots);
      this.roots = roots;
      this.listedFor = key;
      this.allowResources(this.roots);
    }
    const { listed, elsewhere } = this.listing;
    return artifactTreeView(runId, this.listing.roots, listed, elsewhere, this.expanded);
  }

  /** Opens or closes a folder for the next snapshot. */
  setExpanded(ref: ArtifactRef, expanded: boolean): void {
    const key = rowKey(ref.root, ref.path);
    if (!expanded) this.expanded.delete(key);
    // Only a folder of the listing is kept open: the page cannot grow the set with keys of its own making.
    else if (this.listing?.listed[ref.root]?.entries.some((e) => e.kind === 'folder' && e.path === ref.path)) this.expanded.add(key);
  }

  /** Forgets the listing and the open folders: another run is shown. */
  reset(): void {
    this.listing = null;
    this.listedFor = '';
    this.expanded.clear();
  }

  async preview(ref: ArtifactRef): Promise<ArtifactPreview> {
    const root = this.root(ref);
    const content = await readArtifactPreview(root, ref.path);
    switch (content.kind) {
      case 'image':
        // Served by its path in the root, which the page may load; its real path may be a DVC cache file outside the allowed folders.
        return { kind: 'image', uri: this.webview.asWebviewUri(vscode.Uri.file(path.join(root.dir, ref.path))).toString(), size: content.size };
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

  /**
   * The real path of an artifact the page named: one of its root's files (for a root that lists
   * them) and inside the root. Open, Reveal and Copy Path all go through here.
   */
  file(ref: ArtifactRef): string {
    const root = this.root(ref);
    if (!belongsToRoot(root, ref.path)) throw new UserError(vscode.l10n.t('"{0}" is not one of this run\u2019s artifacts in {1}; refresh the panel.', ref.path, root.label));
    return resolveInside(root.dir, ref.path);
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
   * is the workspace) opens only those files, not the folder that holds them; a folder holding a
   * symbolic link that leads out of its root is not granted whole, only what else it holds.
   */
  allowResources(roots: readonly ArtifactRoot[]): void {
    const allowed = roots.flatMap((root) => {
      const realRoot = fs.realpathSync(root.dir);
      const targets = root.files === undefined ? [root.dir] : root.files.map((file) => path.join(root.dir, file));
      return targets.flatMap((target) => resourceRootsWithin(target, realRoot));
    });
    limitResourceRoots(this.webview, this.extensionUri, allowed.map((dir) => vscode.Uri.file(dir)));
  }

}
