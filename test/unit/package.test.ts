import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT, tempDir } from './helpers/temp';

const PLATFORMS = ['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64', 'linuxmusl-arm64', 'linuxmusl-x64', 'win32-arm64', 'win32-x64'];

describe('the .vsix package', () => {
  it('holds the bundles and better-sqlite3 for every platform, and no sources, tests or dev dependencies', () => {
    const vsix = path.join(tempDir(), 'model-ledger.vsix');
    // The bundles in dist/ come from `npm run build` (pretest); packaging must not rebuild them under running tests.
    execFileSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: PROJECT_ROOT, stdio: 'pipe' });
    const files = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');

    for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/features.js', 'extension/dist/ingestWorker.js', 'extension/dist/dataWorker.js', 'extension/dist/cli.js', 'extension/dist/webview/run.js', 'extension/media/model-ledger.svg', 'extension/media/icon.png', 'extension/l10n/bundle.l10n.json', 'extension/changelog.md']) {
      assert.ok(files.includes(required), `${required} is packaged`);
    }
    for (const platform of PLATFORMS) {
      assert.ok(files.includes(`extension/node_modules/better-sqlite3/prebuilds/${platform}.node`), `prebuilt binary for ${platform}`);
    }
    const forbidden = files.filter(
      (f) =>
        /^extension\/(src|test|bench|scripts|webview|examples|\.ci|\.vscode-test)\//.test(f) ||
        f.endsWith('.map') ||
        f.endsWith('.ts') ||
        (f.startsWith('extension/node_modules/') && !f.startsWith('extension/node_modules/better-sqlite3/')) ||
        /^extension\/node_modules\/better-sqlite3\/(src|deps|build)\//.test(f),
    );
    assert.deepEqual(forbidden, []);

    // The string bundle translations are made from holds the host's strings and the webviews'.
    const bundle = JSON.parse(execFileSync('unzip', ['-p', vsix, 'extension/l10n/bundle.l10n.json'], { encoding: 'utf8' })) as Record<string, string>;
    assert.ok(Object.hasOwn(bundle, 'Compare Runs'), 'a string of the extension host');
    assert.ok(Object.hasOwn(bundle, 'Loading the changed files…'), 'a string of the compare webview');
    const manifest = JSON.parse(execFileSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
    assert.equal(manifest.icon, 'media/icon.png');
    assert.equal(manifest.l10n, './l10n');
  });
});
