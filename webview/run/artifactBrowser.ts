import { guard } from 'lit/directives/guard.js';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import * as l10n from '@vscode/l10n';
import { rowWindow, visibleArtifactRows, type ArtifactRow } from '../../src/protocol/artifactRows';
import { formatBytes } from '../../src/common/format';
import type { FromRunWebview } from '../../src/protocol/run';
import type { ArtifactPreview, ArtifactTreeView } from '../../src/protocol/runArtifacts';
import { onThemeChange } from '../compare/themeReader';
import { cssomStyle } from '../shared/cssomStyle';
import { previewBody } from './artifactPreview';

const ROW_HEIGHT = 22;
const TREE_HEIGHT = 440;
/** Icons by extension, as the editor's own file icons would group them. */
const FILE_ICONS: [RegExp, string][] = [
  [/\.(png|jpe?g|gif|svg|webp)$/i, 'file-media'],
  [/\.(csv|tsv)$/i, 'table'],
  [/\.(json|ya?ml|toml|ini|cfg)$|(^|\/)MLmodel$/i, 'json'],
  [/\.(md|markdown|txt|log|rst)$/i, 'markdown'],
  [/\.(html?)$/i, 'code'],
  [/\.(py|sh)$/i, 'file-code'],
  [/\.(pkl|pickle|joblib|pt|pth|ckpt|bin|h5|onnx|safetensors|npy|npz|parquet|zip|gz|tar|shap)$/i, 'file-binary'],
];

/**
 * The run's artifacts as a tree, with size and hash, beside a preview of the chosen file. The host
 * sends only what open folders hold, and of those only the rows in view are in the page (a run
 * can have 10,000 files); a preview is asked for one file at a time when it is chosen. Keyboard: arrows move and open or close folders, Home/End, Page
 * Up/Down, Enter previews a file (or opens and closes a folder).
 */
export class ArtifactBrowser extends LitElement {
  static override properties = {
    tree: { attribute: false },
    collapsed: { state: true },
    focusKey: { state: true },
    selected: { state: true },
    preview: { state: true },
    treeScroll: { state: true },
  };
  tree: ArtifactTreeView | null = null;
  post: (message: FromRunWebview) => void = () => undefined;
  /** Roots the user closed (roots start open); folders open and close on the host, which sends what they hold. */
  collapsed = new Set<string>();
  focusKey: string | null = null;
  /** The file whose preview is shown or on its way. */
  selected: ArtifactRow | null = null;
  preview: { id: number; preview: ArtifactPreview | null } | null = null;
  treeScroll = 0;
  private nextId = 1;
  private rows: ArtifactRow[] = [];

  private themeObserver: MutationObserver | null = null;
  /** Counts theme changes: a preview is built again (its frame's colours) only when it, its file or the theme changed. */
  private themeGeneration = 0;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // An HTML preview's frame holds the theme's colours as they were: it is made again with the new ones.
    this.themeObserver = onThemeChange(() => {
      this.themeGeneration++;
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.themeObserver?.disconnect();
    this.themeObserver = null;
  }

  /** A preview arrived: shown if it is the one last asked for. */
  receivePreview(id: number, preview: ArtifactPreview): void {
    if (this.preview?.id === id) this.preview = { id, preview };
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('tree')) {
      const previous = changed.get('tree') as ArtifactTreeView | null | undefined;
      if (previous && this.tree && previous.runId !== this.tree.runId) this.resetFor();
    }
    // Not on scrolling: the rows depend on the tree and the closed roots only.
    if (changed.has('tree') || changed.has('collapsed')) this.rows = this.tree ? visibleArtifactRows(this.tree.roots, new Set(this.tree.expanded), this.collapsed) : [];
  }

  private resetFor(): void {
    this.collapsed = new Set();
    this.focusKey = null;
    this.selected = null;
    this.preview = null;
    this.treeScroll = 0;
  }

  override render(): TemplateResult {
    const tree = this.tree;
    if (!tree) return html`<p class="empty">${l10n.t('The artifacts of this run are not on this machine.')}</p>`;
    const files = tree.roots.reduce((n, r) => n + r.files, 0);
    const problems = tree.roots.flatMap((r) => r.problems.map((p) => `${r.label}: ${p}`));
    return html`
      <div class="artifact-toolbar">
        <span class="artifact-count">${tree.roots.length > 1 ? l10n.t('{0} files in {1} folders', files, tree.roots.length) : l10n.t('{0} files', files)}</span>
        <vscode-button secondary @click=${() => this.post({ type: 'refreshArtifacts' })}>${l10n.t('Refresh')}</vscode-button>
      </div>
      ${tree.roots.length === 0 ? html`<p class="empty">${l10n.t('No artifact folder of this run is on this machine.')}</p>` : html`<div class="artifact-browser">${this.treeView()}${this.previewPane()}</div>`}
      ${problems.length > 0 ? html`<ul class="artifact-problems" aria-label=${l10n.t('Problems listing artifacts')}>${problems.map((p) => html`<li><span class="codicon codicon-warning" aria-hidden="true"></span> ${p}</li>`)}</ul>` : nothing}
      ${tree.elsewhere.length > 0 ? this.elsewhereList(tree.elsewhere) : nothing}
    `;
  }

  private treeView(): TemplateResult {
    const rows = this.rows;
    const { first, last } = rowWindow(rows.length, this.treeScroll, TREE_HEIGHT, ROW_HEIGHT);
    const focused = this.focusIndex();
    return html`<div
      class="artifact-tree"
      role="tree"
      tabindex="0"
      aria-label=${l10n.t('Artifacts')}
      aria-activedescendant=${focused === -1 ? nothing : rowId(focused)}
      ${cssomStyle({ height: `${Math.min(TREE_HEIGHT, Math.max(rows.length, 1) * ROW_HEIGHT + 2)}px` })}
      @keydown=${(e: KeyboardEvent) => this.onKey(e)}
      @scroll=${(e: Event) => (this.treeScroll = (e.target as HTMLElement).scrollTop)}
      @focus=${() => this.focusKey === null && rows[0] && (this.focusKey = rows[0].key)}
    >
      <div class="artifact-tree-body" ${cssomStyle({ height: `${rows.length * ROW_HEIGHT}px` })}>
        ${rows.slice(first, last).map((row, i) => this.rowView(row, first + i, focused))}
      </div>
    </div>`;
  }

  private rowView(row: ArtifactRow, index: number, focused: number): TemplateResult {
    const isFolder = row.kind !== 'file';
    const icon = row.kind === 'root' ? 'root-folder' : isFolder ? (row.expanded ? 'folder-opened' : 'folder') : fileIcon(row.name);
    const selected = this.selected?.key === row.key;
    return html`<div
      id=${rowId(index)}
      class="artifact-row${index === focused ? ' focused' : ''}${selected ? ' selected' : ''}"
      role="treeitem"
      aria-level=${row.depth + 1}
      aria-expanded=${isFolder ? String(row.expanded) : nothing}
      aria-selected=${String(selected)}
      ${cssomStyle({ transform: `translateY(${index * ROW_HEIGHT}px)` })}
      @click=${() => this.activate(row)}
    >
      <span class="artifact-name" ${cssomStyle({ 'padding-left': `${row.depth * 12 + 4}px` })}>
        <span class="codicon codicon-${isFolder ? (row.expanded ? 'chevron-down' : 'chevron-right') : 'blank'}" aria-hidden="true"></span>
        <span class="codicon codicon-${icon}" aria-hidden="true"></span>
        <span class="artifact-label" title=${row.path || row.name}>${row.name}</span>
      </span>
      <span class="artifact-size">${row.size === null ? '' : formatBytes(row.size)}</span>
      <span class="artifact-hash" title=${row.sha256 ?? ''}>${row.sha256 ? row.sha256.slice(0, 10) : ''}</span>
    </div>`;
  }

  private previewPane(): TemplateResult {
    const row = this.selected;
    if (!row) return html`<div class="artifact-preview empty">${l10n.t('Choose a file to preview it.')}</div>`;
    const ref = { root: row.root, path: row.path };
    const preview = this.preview?.preview ?? null;
    return html`<div class="artifact-preview" aria-live="polite" aria-busy=${String(preview === null)}>
      <div class="artifact-preview-head">
        <h3 title=${row.path}>${row.name}</h3>
        <span class="artifact-facts">${[formatBytes(row.size), row.sha256 ? `SHA-256 ${row.sha256}` : null].filter(Boolean).join(' · ')}</span>
        <span class="artifact-actions">
          <vscode-button secondary @click=${() => this.post({ type: 'openArtifact', ...ref })}>${l10n.t('Open')}</vscode-button>
          <vscode-button secondary @click=${() => this.post({ type: 'revealArtifact', ...ref })}>${l10n.t('Reveal')}</vscode-button>
          <vscode-button secondary @click=${() => this.post({ type: 'copyArtifactPath', ...ref })}>${l10n.t('Copy Path')}</vscode-button>
        </span>
      </div>
      ${preview === null ? html`<p class="artifact-note">${l10n.t('Loading preview…')}</p>` : guard([preview, row.name, this.themeGeneration], () => previewBody(preview, row.name))}
    </div>`;
  }

  private elsewhereList(list: ArtifactTreeView['elsewhere']): TemplateResult {
    return html`<details class="artifact-elsewhere">
      <summary>${l10n.t('Recorded outside these folders ({0})', list.length)}</summary>
      <ul>${list.map((a) => html`<li><code>${a.path}</code> ${a.size === null ? '' : formatBytes(a.size)} ${a.sha256 ? html`<span class="artifact-hash" title=${a.sha256}>${a.sha256.slice(0, 10)}</span>` : nothing}</li>`)}</ul>
    </details>`;
  }

  /** A click or Enter: a folder opens or closes, a file is previewed (one request, for it alone). */
  private activate(row: ArtifactRow): void {
    this.focusKey = row.key;
    if (row.kind !== 'file') {
      this.toggle(row, !row.expanded);
      return;
    }
    if (this.selected?.key === row.key && this.preview?.preview) return;
    this.selected = row;
    const id = this.nextId++;
    this.preview = { id, preview: null };
    this.post({ type: 'previewArtifact', id, root: row.root, path: row.path });
  }

  private toggle(row: ArtifactRow, open: boolean): void {
    if (row.kind === 'root') {
      const collapsed = new Set(this.collapsed);
      if (open) collapsed.delete(row.key);
      else collapsed.add(row.key);
      this.collapsed = collapsed;
      return;
    }
    this.post({ type: 'expandArtifact', root: row.root, path: row.path, expanded: open });
  }

  private focusIndex(): number {
    return this.focusKey === null ? -1 : this.rows.findIndex((r) => r.key === this.focusKey);
  }

  private onKey(event: KeyboardEvent): void {
    const rows = this.rows;
    if (rows.length === 0) return;
    const at = Math.max(0, this.focusIndex());
    const row = rows[at]!;
    const page = Math.floor(TREE_HEIGHT / ROW_HEIGHT) - 1;
    let next = at;
    switch (event.key) {
      case 'ArrowDown': next = at + 1; break;
      case 'ArrowUp': next = at - 1; break;
      case 'PageDown': next = at + page; break;
      case 'PageUp': next = at - page; break;
      case 'Home': next = 0; break;
      case 'End': next = rows.length - 1; break;
      case 'ArrowRight':
        if (row.kind !== 'file' && !row.expanded) this.toggle(row, true);
        else if (row.kind !== 'file') next = at + 1;
        break;
      case 'ArrowLeft':
        if (row.kind !== 'file' && row.expanded) this.toggle(row, false);
        else next = parentIndex(rows, at);
        break;
      case 'Enter':
      case ' ':
        this.activate(row);
        break;
      default:
        return;
    }
    event.preventDefault();
    next = Math.min(rows.length - 1, Math.max(0, next));
    this.focusKey = rows[next]!.key;
    this.scrollToRow(next, event.currentTarget as HTMLElement);
  }

  /** Keeps the focused row in view, so it is among the rows drawn. */
  private scrollToRow(index: number, container: HTMLElement): void {
    const top = index * ROW_HEIGHT;
    if (top < container.scrollTop) container.scrollTop = top;
    else if (top + ROW_HEIGHT > container.scrollTop + container.clientHeight) container.scrollTop = top + ROW_HEIGHT - container.clientHeight;
    this.treeScroll = container.scrollTop;
  }
}

function parentIndex(rows: readonly ArtifactRow[], at: number): number {
  const depth = rows[at]!.depth;
  for (let i = at - 1; i >= 0; i--) if (rows[i]!.depth < depth) return i;
  return at;
}

function rowId(index: number): string {
  return `artifact-row-${index}`;
}

function fileIcon(name: string): string {
  return FILE_ICONS.find(([pattern]) => pattern.test(name))?.[1] ?? 'file';
}


customElements.define('artifact-browser', ArtifactBrowser);
