import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../../src/extension/extension';
import { storePath } from '../../../src/store/paths';
import { Store } from '../../../src/store/store';
import { activateApi, waitFor } from '../helpers';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'real');

/** A new repository beside alpha and beta holding a copy of a real MLflow store, with `modelLedger.sources` set for it. */
function repository(name: string, sources: 'auto' | 'ask'): string {
  const dir = path.join(path.dirname(vscode.workspace.workspaceFolders![0]!.uri.fsPath), name);
  fs.cpSync(path.join(FIXTURES, 'Tom-source__opdracht', 'mlruns'), path.join(dir, 'mlruns'), { recursive: true });
  fs.mkdirSync(path.join(dir, '.vscode'));
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'modelLedger.sources': sources }));
  return dir;
}

function runsIn(dir: string): number | undefined {
  if (!fs.existsSync(storePath(dir))) return undefined;
  let store: Store;
  try {
    store = Store.open(dir, { create: false, readonly: true });
  } catch (error) {
    if (error instanceof Error && /is being created by another process/.test(error.message)) return undefined; // the import's first commit is coming
    throw error;
  }
  try {
    const runs = store.counts().runs;
    return runs > 0 ? runs : undefined;
  } finally {
    store.close();
  }
}

suite('folders added to the workspace', () => {
  let api: ModelLedgerApi;
  suiteSetup(async () => {
    api = await activateApi();
  });
  suiteTeardown(async () => {
    const added = vscode.workspace.workspaceFolders!.filter((f) => f.name === 'gamma' || f.name === 'delta');
    if (added.length === 0) return;
    const removed = new Promise((resolve) => vscode.workspace.onDidChangeWorkspaceFolders(resolve));
    vscode.workspace.updateWorkspaceFolders(added[0]!.index, added.length);
    await removed;
  });

  test('are imported as modelLedger.sources says: auto imports, ask creates nothing before the answer', async () => {
    const asking = repository('gamma', 'ask');
    const automatic = repository('delta', 'auto');
    const count = vscode.workspace.workspaceFolders!.length;
    assert.ok(vscode.workspace.updateWorkspaceFolders(count, 0, { uri: vscode.Uri.file(asking) }, { uri: vscode.Uri.file(automatic) }));
    await waitFor('delta imported', () => runsIn(automatic), 30_000);
    assert.equal(runsIn(automatic), 2);
    // gamma's sources were found first (the worker takes requests in order); the question is still open.
    assert.equal(fs.existsSync(path.join(asking, '.modelledger')), false, 'asking must not create .modelledger/ before the answer');
    const delta = vscode.workspace.workspaceFolders!.find((f) => f.name === 'delta')!;
    await waitFor('delta’s import to end', () => (api.imports.isImporting(delta) ? undefined : true));
  });
});
