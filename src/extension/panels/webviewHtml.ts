import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewCsp } from '../../protocol/webviewCsp';

/** The folders a webview may load from: the built webview bundle and media/. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/**
 * A page that runs one bundle under a strict CSP: no inline code, scripts by a nonce new on every
 * render. `styles` are the bundle's own stylesheets in media/, after the shared one. The page
 * carries the extension's l10n bundle, so webview strings follow VS Code's display language.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: string, title: string, styles: readonly string[] = []): string {
  const nonce = randomUUID();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${bundle}.js`));
  const links = ['webview.css', ...styles]
    .map((name) => `<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name))}">`)
    .join('\n  ');
  const csp = webviewCsp(nonce, webview.cspSource);
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  ${links}
  <title>${escapeHtml(title)}</title>
</head>
<body>
  <main id="app" aria-busy="true"${l10nAttribute()}></main>
  <script type="module" nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

/** The display language's strings for the webview, when VS Code has a bundle for it. */
function l10nAttribute(): string {
  const bundle = vscode.l10n.bundle;
  return bundle ? ` data-l10n="${escapeHtml(JSON.stringify(bundle))}"` : '';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
