import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewPage } from '../../protocol/webviewPage';

/** The folders a webview may load from: the built webview bundle and media/. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/**
 * A page that runs one bundle under a strict CSP: no inline code, scripts by a nonce new on every
 * render. `styles` are the bundle's own stylesheets in media/, after the shared one. The page
 * carries the extension's l10n bundle, so webview strings follow VS Code's display language.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: string, title: string, styles: readonly string[] = [], codicons = false): string {
  const uri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const strings = vscode.l10n.bundle;
  return webviewPage({
    lang: vscode.env.language,
    title,
    nonce: randomUUID(),
    cspSource: webview.cspSource,
    styles: [...(codicons ? [uri('dist', 'webview', 'codicon.css')] : []), ...['webview.css', ...styles].map((name) => uri('media', name))],
    scripts: [{ src: uri('dist', 'webview', `${bundle}.js`), module: true }],
    ...(strings ? { l10n: JSON.stringify(strings) } : {}),
  });
}
