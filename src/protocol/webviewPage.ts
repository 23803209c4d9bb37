import { escapeHtml } from '../common/escapeHtml';
import { webviewCsp } from './webviewCsp';

/** What a Model Ledger webview page is made of; every URL is one the webview may load. */
export interface WebviewPage {
  lang: string;
  title: string;
  /** New on every render: only scripts carrying it run. */
  nonce: string;
  /** The webview's resource origin, the only place styles, fonts and images come from. */
  cspSource: string;
  styles: readonly string[];
  /** In order: classic scripts run before module scripts, which run once the page is parsed. */
  scripts: readonly { src: string; module: boolean }[];
  /** The display language's strings (JSON), read by the webview before anything renders. */
  l10n?: string;
  bodyClass?: string;
}

/**
 * The page of every webview, under the panels' Content Security Policy: the extension's panels
 * and the browser tests' harness serve the same markup, so what is tested is what ships.
 */
export function webviewPage(page: WebviewPage): string {
  const styles = page.styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('\n  ');
  const scripts = page.scripts
    .map((s) => `<script${s.module ? ' type="module"' : ''} nonce="${page.nonce}" src="${escapeHtml(s.src)}"></script>`)
    .join('\n  ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(page.lang)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${webviewCsp(page.nonce, page.cspSource)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  ${styles}
  <title>${escapeHtml(page.title)}</title>
</head>
<body${page.bodyClass ? ` class="${escapeHtml(page.bodyClass)}"` : ''}>
  <main id="app" aria-busy="true"${page.l10n ? ` data-l10n="${escapeHtml(page.l10n)}"` : ''}></main>
  ${scripts}
</body>
</html>`;
}
