import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { Feedback } from '../feedback';
import { webviewHtml, webviewRoots } from './webviewHtml';

export interface WebviewPanelHostOptions {
  extensionUri: vscode.Uri;
  /** The webview bundle (dist/webview/<bundle>.js) and its own stylesheets in media/. */
  bundle: string;
  styles?: readonly string[];
  /** The page uses codicons (the stylesheet and font shipped in dist/webview). */
  codicons?: boolean;
  /** Tells the user when a message from the webview fails what it asked for. */
  feedback: Feedback;
}

/**
 * The life cycle every Model Ledger panel shares: a webview limited to the built bundle and
 * media/, messages handled one by one with failures shown and logged (never an unhandled
 * rejection), posts dropped once the tab has closed, and a dispose event.
 */
export abstract class WebviewPanelHost<ToWebview> extends Disposable {
  private readonly disposedEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposedEmitter.event;
  private readonly postEmitter = this.register(new vscode.EventEmitter<ToWebview>());
  /** Fires with each message as it is sent (tests wait on it). */
  readonly onDidPost = this.postEmitter.event;
  /** The last message sent. */
  lastMessage: ToWebview | undefined;
  /** The tab has closed: nobody is left to post to. */
  protected closed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: WebviewPanelHostOptions,
  ) {
    super();
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(host.extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'model-ledger.svg');
    this.register(panel.webview.onDidReceiveMessage((message) => this.handle(message)));
    this.register(
      panel.onDidDispose(() => {
        this.closed = true;
        this.disposedEmitter.fire();
        this.dispose();
      }),
    );
  }

  /** Handles one message from the webview; settles when the work it asked for is done. */
  abstract receive(raw: unknown): Promise<void>;

  /** Loads the page; subclasses call it once their state is set. */
  protected render(): void {
    this.panel.webview.html = webviewHtml(this.panel.webview, this.host.extensionUri, this.host.bundle, this.panel.title, this.host.styles, this.host.codicons);
  }

  protected async send(message: ToWebview): Promise<void> {
    if (this.closed) return;
    this.lastMessage = message;
    this.postEmitter.fire(message);
    // A tab closed while git or the store was still answering: nobody is left to tell.
    await this.panel.webview.postMessage(this.toWire(message)).then(undefined, (error: unknown) => {
      if (!this.closed) throw error;
    });
  }

  /** The message as it travels; a panel whose messages are big packs them here, and its page unpacks them as it receives. */
  protected toWire(message: ToWebview): unknown {
    return message;
  }

  private async handle(message: unknown): Promise<void> {
    try {
      await this.receive(message);
    } catch (error) {
      this.host.feedback.error(error);
    }
  }
}

/** A panel the collection can track: it says when it closes. */
interface Tracked {
  readonly panel: vscode.WebviewPanel;
  readonly onDidDispose: vscode.Event<void>;
}

/** The open panels of one kind, by key: one panel per key, forgotten when its tab closes, closed with the extension. */
export class PanelCollection<T extends Tracked> extends Disposable {
  private readonly panels = new Map<string, T>();

  constructor() {
    super();
    this.register({ dispose: () => [...this.panels.values()].forEach((p) => p.panel.dispose()) });
  }

  get(key: string): T | undefined {
    return this.panels.get(key);
  }

  values(): IterableIterator<T> {
    return this.panels.values();
  }

  add(key: string, panel: T): T {
    this.panels.set(key, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    return panel;
  }
}
