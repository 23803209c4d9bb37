// What VS Code gives a webview, recorded for the browser tests (a classic script: it runs before
// the module bundle). The saved state survives a reload as it does in VS Code.
window.__posted = [];
window.__saved = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(structuredClone(m)),
  setState: (s) => {
    window.__saved.push(structuredClone(s));
    sessionStorage.setItem('state', JSON.stringify(s));
  },
  getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null'),
});
