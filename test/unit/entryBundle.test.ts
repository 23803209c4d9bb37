import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from './helpers/temp';

/** The code VS Code's activation time pays for is dist/extension.js: it must stay registration only. */
const ENTRY = path.join(PROJECT_ROOT, 'dist', 'extension.js');
/** Sources whose code must only come with dist/features.js (the store, git, the registry, yaml, pg, the panels, imports, team). */
const HEAVY = [
  /^src\/(store|git|registry|team|monitor|data|governance|artifacts|core|cli|protocol)\//,
  /^src\/ingest\/(?!sourceHints\.ts$)/,
  /^src\/extension\/(?!activation\/|extension\.ts$|viewIds\.ts$|contextKeys\.ts$)/,
  /node_modules\//,
];
const MAX_BYTES = 50_000;

describe('the extension entry bundle (dist/extension.js, from npm run build)', () => {
  it('requires only vscode, node built-ins and dist/features.js', () => {
    const required = [...fs.readFileSync(ENTRY, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
    assert.deepEqual([...new Set(required.filter((name) => name !== 'vscode' && name !== './features.js' && !name.startsWith('node:')))], []);
    assert.ok(required.includes('./features.js'), 'the entry loads the features bundle on first need');
  });

  it('holds no code of the store, git, yaml, pg, the panels or any package', () => {
    const map = `${ENTRY}.map`;
    assert.ok(fs.existsSync(map), `${map} is missing: run npm run build (the development build writes source maps)`);
    const sources = (JSON.parse(fs.readFileSync(map, 'utf8')) as { sources: string[] }).sources.map((source) => path.relative(PROJECT_ROOT, path.resolve(path.dirname(ENTRY), source)).split(path.sep).join('/'));
    assert.ok(sources.includes('src/extension/extension.ts'), `the map names the entry's sources: ${sources.join(', ')}`);
    assert.deepEqual(sources.filter((source) => HEAVY.some((heavy) => heavy.test(source))), []);
  });

  it(`is under ${MAX_BYTES / 1000} KB`, () => {
    const { size } = fs.statSync(ENTRY);
    assert.ok(size < MAX_BYTES, `dist/extension.js is ${size} bytes`);
  });
});
