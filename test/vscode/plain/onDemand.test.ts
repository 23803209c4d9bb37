import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateApi, childLabels, waitFor, workspaceFolder } from '../helpers';

// The workspace: a project whose only MLflow store is projects/team/experiments/mlruns, deeper
// than the start-up check looks (see run-extension-tests.mjs).
suite('a workspace with no run source at a glance', () => {
  test('start-up imports nothing and creates no store; the first look at the Experiments view finds the store deep down', async () => {
    const api = await activateApi();
    const store = path.join(workspaceFolder().uri.fsPath, '.modelledger');
    assert.equal(api.imports.started, false, 'activation alone starts no import');
    assert.equal(fs.existsSync(store), false, 'and leaves no .modelledger behind');
    await vscode.commands.executeCommand('modelLedger.experiments.focus');
    await api.initialImport;
    assert.equal(api.imports.started, true);
    await waitFor('the deep store in the Experiments view', async () => ((await childLabels(api.experiments)).includes('Tom Test') ? true : undefined));
    assert.ok(api.imports.runSources().some((source) => source.endsWith('/projects/team/experiments/mlruns')));
  });
});
