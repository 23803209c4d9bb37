/**
 * The Content Security Policy of every Model Ledger webview: nothing by default, scripts only by
 * the page's nonce (new on every render), styles, fonts and images only from `source` (the
 * webview's own resource origin), and a `<style>` element carrying the nonce: the sandboxed frame
 * of an HTML preview inherits this policy and gets the theme's colours only that way. The webview
 * test harness serves its page with the same policy.
 */
export function webviewCsp(nonce: string, source: string): string {
  return ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${source} 'nonce-${nonce}'`, `font-src ${source}`, `img-src ${source} data:`].join('; ');
}
