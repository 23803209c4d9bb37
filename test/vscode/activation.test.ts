import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'model-ledger.model-ledger';

suite('activation', () => {
  test('the extension is installed from source', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not loaded`);
  });

  test('it activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('the extension host runs Node 24 (better-sqlite3 needs Node 22 or later)', () => {
    assert.equal(process.versions.node.split('.')[0], '24', `extension host runs Node ${process.versions.node}`);
  });

  test('it registers modelLedger.refresh', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('modelLedger.refresh'), 'modelLedger.refresh is not registered');
  });
});
