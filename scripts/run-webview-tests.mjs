// npm run test:webview: the webviews (compare, drift report, monitoring, run details) in real Chromium. Serves a harness page with the
// panels' own page and strict CSP (src/protocol/webviewPage.ts: scripts only by nonce, styles only
// from the page's origin), a fake acquireVsCodeApi that records what the webview posts and saves, and the
// built dist/webview/<panel>.js (`?panel=drift`; compare by default); then runs out/test/webview/*.test.js against it with node:test.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..');
// Only what a webview may load: the built bundle, media/, and the test themes.
const SERVED = ['dist/webview/', 'media/', 'test/webview/'];
// The panels the harness serves, by their bundle's name.
const PANELS = ['compare', 'drift', 'monitor', 'run'];
// Files the tests write (generated images, as a run's artifacts), served under /files/ as VS Code serves a webview's artifact roots.
const FILES = fs.mkdtempSync(path.join(os.tmpdir(), 'webview-files-'));
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

for (const built of [...PANELS.map((p) => `dist/webview/${p}.js`), 'out/test/webview', 'out/src/protocol/webviewPage.js']) {
  if (!fs.existsSync(path.join(ROOT, built))) {
    console.error(`${built} is missing: run npm run build && npm run compile first.`);
    process.exit(1);
  }
}
const { webviewPage } = createRequire(import.meta.url)(path.join(ROOT, 'out/src/protocol/webviewPage.js'));

// The panels' own page (src/protocol/webviewPage.ts) with the test themes and a recording stand-in
// for VS Code's webview API; `l10n`: a bundle of translated strings, carried as the panels carry VS Code's.
function harness(origin, theme, l10n, panel) {
  return webviewPage({
    lang: 'en',
    title: `Model Ledger ${panel}`,
    nonce: randomUUID(),
    cspSource: origin,
    styles: ['test/webview/themes.css', 'media/webview.css', `media/${panel}.css`].map((f) => `${origin}/${f}`),
    scripts: [{ src: `${origin}/test/webview/fakeVsCodeApi.js`, module: false }, { src: `${origin}/dist/webview/${panel}.js`, module: true }],
    bodyClass: `vscode-${theme}`,
    ...(l10n ? { l10n } : {}),
  });
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const origin = `http://${request.headers.host}`;
  if (url.pathname === '/favicon.ico') {
    response.writeHead(204).end();
    return;
  }
  if (url.pathname === '/harness.html') {
    const panel = url.searchParams.get('panel') ?? 'compare';
    if (!PANELS.includes(panel)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(harness(origin, url.searchParams.get('theme') ?? 'dark', url.searchParams.get('l10n'), panel));
    return;
  }
  const relative = path.posix.normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
  if (relative.startsWith('files/')) {
    serveFile(response, path.join(FILES, relative.slice('files/'.length)), FILES);
    return;
  }
  if (!SERVED.some((prefix) => relative.startsWith(prefix))) {
    response.writeHead(404).end();
    return;
  }
  serveFile(response, path.join(ROOT, relative), ROOT);
});
/** A file from inside `root` (the project's served folders, or the folder the tests wrote files to). */
function serveFile(response, file, root) {
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  fs.createReadStream(file).pipe(response);
}

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

// `node scripts/run-webview-tests.mjs table charts` runs only those files (a path runs that file).
const files = process.argv.slice(2).map((name) => (name.includes('/') ? name : `out/test/webview/${name}.test.js`));
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...(files.length ? files : ['out/test/webview/*.test.js'])], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, WEBVIEW_TEST_URL: `http://127.0.0.1:${port}/harness.html`, WEBVIEW_TEST_FILES: FILES },
});
child.on('close', (code) => {
  server.close();
  fs.rmSync(FILES, { recursive: true, force: true });
  process.exitCode = code ?? 1;
});
