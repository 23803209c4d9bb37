import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { MetadataEditResult } from '../../src/extension/registry/metadataCommands';
import type { CardCommandResult } from '../../src/extension/registry/modelCardCommands';
import { readCardState } from '../../src/registry/cards';
import { activateApi, waitFor, workspaceFolder, type Row } from './helpers';
import { DEMO_MODEL, git, modelRow, rowsOf, run, tagNames, versionRow } from './registryHelpers';

const VERSION = 'v1.0.0';
const CARD = `cards/${DEMO_MODEL}@${VERSION}.md`;

/** Whether a tab of VS Code's Markdown preview shows `file`. */
function previewOpen(): boolean {
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview')),
  );
}

/** A Models view row's tooltip as the view resolves it on hover. */
function tooltipOf(api: ModelLedgerApi, row: Row): string {
  const tooltip = api.models.resolveTreeItem(row.item, row.node).tooltip;
  return tooltip instanceof vscode.MarkdownString ? tooltip.value : (tooltip ?? '');
}

suite('governance: model cards and editable metadata', () => {
  let api: ModelLedgerApi;
  let folder: string;
  suiteSetup(async () => {
    api = await activateApi();
    await api.registryReady;
    folder = workspaceFolder().uri.fsPath;
  });
  // The demo repository is shared by the suites: what this one makes goes again.
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(folder, 'cards'), { recursive: true, force: true });
    const records = (await tagNames()).filter((t) => t.startsWith('model-ledger/metadata/'));
    if (records.length > 0) await git('tag', '-d', ...records);
    await waitFor('the demo version without the records', async () => (tooltipOf(api, await versionRow(api, DEMO_MODEL, VERSION)).includes('Reviewed') ? undefined : true), 20_000);
  });

  test('Open Model Card writes the card from the version\'s lineage and opens it beside its Markdown preview', async () => {
    assert.equal(fs.existsSync(path.join(folder, CARD)), false);
    const result = await run<CardCommandResult>('modelLedger.openModelCard', { folder, model: DEMO_MODEL, version: VERSION });
    assert.equal(result?.outcome, 'created');
    assert.equal(result?.file, path.join(folder, CARD));
    const text = fs.readFileSync(path.join(folder, CARD), 'utf8');
    const commit = (await git('rev-list', '-n', '1', `${DEMO_MODEL}@${VERSION}`)).trim();
    assert.match(text, new RegExp(`\\*\\*Commit:\\*\\* \`${commit}\``));
    assert.match(text, /^model-index:$/m);
    const state = readCardState(folder, DEMO_MODEL, VERSION);
    assert.deepEqual([state.exists, state.error, state.sections.length], [true, null, 9]);
    assert.equal(state.sections.find((s) => s.title === 'Intended use')!.filled, false, 'a person writes it');

    const editor = await waitFor('the card in an editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === path.join(folder, CARD)));
    assert.equal(editor.document.languageId, 'markdown');
    await waitFor('the Markdown preview beside it', () => (previewOpen() ? true : undefined));

    // Opening again opens what is there: a person's text is never replaced.
    fs.writeFileSync(path.join(folder, CARD), text.replace('## Intended use\n', '## Intended use\n\nFor the retention team.\n'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal((await run<CardCommandResult>('modelLedger.openModelCard', { folder, model: DEMO_MODEL, version: VERSION }))?.outcome, 'opened');
    assert.match(fs.readFileSync(path.join(folder, CARD), 'utf8'), /For the retention team\./);
  });

  test('Edit Description… and Edit Labels… on a version record them in git, show them in the Models view, and Update Model Card Facts puts them in the card', async () => {
    const described = await run<MetadataEditResult>('modelLedger.editDescription', { folder, model: DEMO_MODEL, version: VERSION, description: 'Reviewed <b>baseline</b>' });
    assert.equal(described?.where, `model-ledger/metadata/${DEMO_MODEL}/${VERSION}/1`);
    const labelled = await run<MetadataEditResult>('modelLedger.editLabels', { folder, model: DEMO_MODEL, version: VERSION, labels: 'tabular, baseline' });
    assert.deepEqual(labelled?.labels, ['tabular', 'baseline']);
    assert.ok((await tagNames()).includes(`model-ledger/metadata/${DEMO_MODEL}/${VERSION}/2`));

    const tooltip = await waitFor('the description and labels in the version\'s tooltip', async () => {
      const text = tooltipOf(api, await versionRow(api, DEMO_MODEL, VERSION));
      return text.includes('Reviewed') && text.includes('tabular, baseline') ? text : undefined;
    });
    assert.match(tooltip, /\$\(tag\) tabular, baseline/);

    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    const updated = await run<CardCommandResult>('modelLedger.updateModelCardFacts', { folder, model: DEMO_MODEL, version: VERSION });
    assert.equal(updated?.outcome, 'updated');
    const text = fs.readFileSync(path.join(folder, CARD), 'utf8');
    assert.match(text, /\*\*Version labels:\*\* tabular, baseline/);
    assert.match(text, /^Reviewed &#60;b&#62;baseline&#60;\/b&#62;$/m, 'HTML in a description is shown as text');
    assert.match(text, /For the retention team\./, 'the person\'s text stays');
    assert.equal((await modelRow(api, DEMO_MODEL)).item.contextValue, 'registryModel');
    assert.ok((await rowsOf(api)).length > 0);
  });
});
