import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import { HistoryTreeProvider } from '../../src/extension/history/historyTree';
import type { TimelineEventNode } from '../../src/extension/history/timelineEventNode';
import type { StageAtDateAnswer } from '../../src/extension/registry/stageAtDateCommand';
import type { RegisterResult, TagWriteResult } from '../../src/registry/registry';
import { activateApi, extensionJson, treeRows, waitFor, workspaceFolder, type Row } from './helpers';
import { evaluateWhen, git, removeModelTags, run } from './registryHelpers';

// The demo's runs (scripts/make-demo.ts), each trained at a commit of its own.
const GBM_01 = 'demo0003000000000000000000000000';
const GBM_005 = 'demo0005000000000000000000000000';
/** This suite's model; its tags are removed at the end (the registry suites share the demo repository). */
const MODEL = 'history-gbm';

async function commitOf(runName: string): Promise<string> {
  return (await git('log', '--format=%H', '--grep', `^Train ${runName}$`)).trim();
}

interface MenuEntry {
  command: string;
  when?: string;
}

suite('History view', () => {
  let api: ModelLedgerApi;
  let folder: string;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-history-'));
  const rows = () => treeRows(api.history.tree);
  const modelRows = async () => (await rows()).filter((r) => r.label.includes(` ${MODEL} `));

  suiteSetup(async () => {
    api = await activateApi();
    await api.registryReady;
    folder = workspaceFolder().uri.fsPath;
    const v1 = await run<RegisterResult>('modelLedger.registerVersion', { folder, runId: GBM_01, model: MODEL, version: 'v1.0.0', commit: await commitOf('gbm-lr-0.1'), artifactPath: 'models/churn.pkl', description: 'History suite', allowDirty: false });
    assert.ok(v1, JSON.stringify(api.registry.feedback.last));
    const v2 = await run<RegisterResult>('modelLedger.registerVersion', { folder, runId: GBM_005, model: MODEL, bump: 'minor', commit: await commitOf('gbm-lr-0.05'), artifactPath: 'models/churn.pkl', description: '' });
    assert.equal(v2?.version, 'v1.1.0', JSON.stringify(api.registry.feedback.last));
    assert.ok(await run<TagWriteResult>('modelLedger.assignStage', { folder, model: MODEL, version: 'v1.0.0', stage: 'prod' }));
    assert.ok(await run<TagWriteResult>('modelLedger.assignStage', { folder, model: MODEL, version: 'v1.1.0', stage: 'prod' }));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('modelLedger.clearHistoryFilter');
    for (const ref of (await git('for-each-ref', '--format=%(refname)', `refs/model-ledger/reviews/${MODEL}/`)).split('\n').filter(Boolean)) await git('update-ref', '-d', ref);
    await removeModelTags(api, MODEL);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('shows the promotion newest first, with who and when, recorded in the tag and the audit log', async () => {
    const mine = await waitFor('the promotions in the History view', async () => {
      const found = await modelRows();
      return found.length === 4 ? found : undefined;
    });
    assert.deepEqual(
      mine.map((r) => r.label),
      [`assign ${MODEL} v1.1.0 → prod`, `assign ${MODEL} v1.0.0 → prod`, `register ${MODEL} v1.1.0`, `register ${MODEL} v1.0.0`],
    );
    const top = mine[0]!;
    assert.equal(top.item.contextValue, 'timelineEvent.stage');
    assert.match(String(top.item.description), /^Demo Trainer · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    const resolved = api.history.tree.resolveTreeItem(top.item, top.node);
    const tooltip = (resolved.tooltip as vscode.MarkdownString).value;
    // Values go in as text: Markdown's own characters in them are escaped.
    assert.ok(tooltip.includes(`**Tag:** ${MODEL}\\#prod\\#2`), tooltip);
    assert.match(tooltip, /\*\*Recorded in:\*\* git&nbsp;tag&nbsp;and&nbsp;audit&nbsp;entry&nbsp;\d+/);
    assert.equal((resolved.tooltip as vscode.MarkdownString).isTrusted, undefined, 'no command links in text from tags');
  });

  test('a review, read from git, is in the timeline with its audit entry', async () => {
    assert.ok(await run('modelLedger.requestReview', { folder, model: MODEL, version: 'v1.1.0', stage: 'staging', comment: '<b>canary</b> first' }), JSON.stringify(api.registry.feedback.last));
    const row = await waitFor('the review in the History view', async () => (await modelRows()).find((r) => r.label === `review.request ${MODEL} v1.1.0 → staging`));
    assert.equal(row.item.contextValue, 'timelineEvent.stage');
    const markdown = api.history.tree.resolveTreeItem(row.item, row.node).tooltip as vscode.MarkdownString;
    const tooltip = markdown.value;
    assert.match(tooltip, /\*\*Recorded in:\*\* git&nbsp;review&nbsp;and&nbsp;audit&nbsp;entry&nbsp;\d+/);
    // The comment goes in as text (MarkdownString.appendText), in a tooltip that renders no HTML.
    assert.ok(tooltip.includes('**Detail:** <b\\>canary</b\\>&nbsp;first'), `the comment is text: ${tooltip}`);
    assert.notEqual(markdown.supportHtml, true);
    assert.equal((await modelRows()).filter((r) => r.label.startsWith('review.')).length, 1, 'one row: the review and its audit entry are paired');
  });

  test('filters by model, stage, actor and date range, shown as the view description', async () => {
    await run('modelLedger.filterHistory', { model: MODEL, stage: 'prod' });
    const prod = await waitFor('the filtered rows', async () => {
      const found = await rows();
      return found.length === 2 ? found : undefined;
    });
    assert.deepEqual(prod.map((r) => r.label), [`assign ${MODEL} v1.1.0 → prod`, `assign ${MODEL} v1.0.0 → prod`]);
    assert.equal(api.history.view.description, `${MODEL} · prod`);

    await run('modelLedger.filterHistory', { model: MODEL, actor: 'demo trainer', from: '2000-01-01' });
    assert.equal((await rows()).length, 5, 'two registrations, two promotions and the review request');
    await run('modelLedger.filterHistory', { model: MODEL, to: '2000-01-01' });
    assert.deepEqual((await rows()).map((r) => [r.label, r.item.contextValue]), [['No event matches the filter.', 'message']]);
    assert.equal(api.history.view.description, `${MODEL} · until 2000-01-01 23:59`);

    assert.equal(await run('modelLedger.filterHistory', { model: MODEL, to: 'yesterday' }), undefined);
    assert.match(String(api.registry.feedback.last?.text), /"yesterday" is not a date/);
    await run('modelLedger.clearHistoryFilter');
    assert.equal(api.history.view.description, '');
    assert.ok((await rows()).length >= 4);
  });

  test('the filter is kept in the workspace state and read back field by field', () => {
    const saved = new Map<string, unknown>();
    const memento = { keys: () => [...saved.keys()], get: (key: string) => saved.get(key), update: async (key: string, value: unknown) => void saved.set(key, value) } as vscode.Memento;
    const first = new HistoryTreeProvider(api.stores, api.importProgress, memento, api.registry.reviews);
    first.setFilter({ model: MODEL, stage: 'prod', to: Date.UTC(2030, 0, 1) });
    first.dispose();
    const reloaded = new HistoryTreeProvider(api.stores, api.importProgress, memento, api.registry.reviews);
    assert.deepEqual(reloaded.filter, { model: MODEL, stage: 'prod', to: Date.UTC(2030, 0, 1) });
    reloaded.dispose();
    saved.set('modelLedger.historyFilter', { model: 7, stage: 'prod', from: 'yesterday', actor: '', extra: true });
    const odd = new HistoryTreeProvider(api.stores, api.importProgress, memento, api.registry.reviews);
    assert.deepEqual(odd.filter, { stage: 'prod' });
    odd.dispose();
  });

  test('exports what the filter shows as CSV and JSON', async () => {
    await run('modelLedger.filterHistory', { model: MODEL, stage: 'prod' });
    const csvFile = vscode.Uri.file(path.join(scratch, 'history.csv'));
    assert.equal((await run<vscode.Uri>('modelLedger.exportHistory', { folder, format: 'csv', uri: csvFile }))?.fsPath, csvFile.fsPath);
    const lines = fs.readFileSync(csvFile.fsPath, 'utf8').split('\r\n');
    assert.equal(lines[0], '"time","actor","action","target","model","version","stage","tag","commit","gate","auditId","detail"');
    assert.equal(lines.length, 4, 'the header, two events and the last line end');
    assert.match(lines[1]!, new RegExp(`^"\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z","Demo Trainer <[^>]+>","assign","${MODEL}#prod#2","${MODEL}","v1\\.1\\.0","prod","${MODEL}#prod#2","[0-9a-f]{40}","","\\d+",`));

    const jsonFile = vscode.Uri.file(path.join(scratch, 'history.json'));
    await run('modelLedger.exportHistory', { folder, format: 'json', uri: jsonFile });
    const json = JSON.parse(fs.readFileSync(jsonFile.fsPath, 'utf8')) as { tag: string; version: string }[];
    assert.deepEqual(json.map((e) => [e.tag, e.version]), [[`${MODEL}#prod#2`, 'v1.1.0'], [`${MODEL}#prod#1`, 'v1.0.0']]);
    await run('modelLedger.clearHistoryFilter');
  });

  test('What Was in Stage on Date… from an event row answers from the registry and narrows the view to it', async () => {
    const row = (await waitFor('the promotion row', async () => (await modelRows()).find((r) => r.label.startsWith('assign ')))) as Row;
    // The row gives the model and stage; the date is given here as the input box would take it.
    const node = row.node as TimelineEventNode;
    const answer = await run<StageAtDateAnswer>('modelLedger.historyStageAtDate', { folder, model: node.event.model, stage: node.event.stage, date: '2999-12-31' });
    assert.deepEqual([answer?.model, answer?.stage, answer?.version], [MODEL, 'prod', 'v1.1.0']);
    assert.match(String(api.registry.feedback.last?.text), new RegExp(`On 2999-12-31 \\(UTC\\), prod of ${MODEL} held v1\\.1\\.0\\.`));
    assert.equal(api.history.view.description, `${MODEL} · prod · until 2999-12-31 23:59`);
    assert.equal((await rows())[0]!.label, `assign ${MODEL} v1.1.0 → prod`, 'the answer’s promotion leads');
    const before = await run<StageAtDateAnswer>('modelLedger.historyStageAtDate', { folder, model: MODEL, stage: 'prod', date: '2000-01-01' });
    assert.equal(before?.version, null);
    await run('modelLedger.clearHistoryFilter');

    // The row's menu offers it; rows without a stage do not.
    const menus = extensionJson<{ contributes: { menus: Record<string, MenuEntry[]> } }>('package.json').contributes.menus;
    const entries = menus['view/item/context']!.filter((m) => m.command === 'modelLedger.historyStageAtDate');
    assert.ok(entries.length > 0 && entries.every((m) => evaluateWhen(m.when!, { view: 'modelLedger.history', viewItem: 'timelineEvent.stage' })));
    assert.ok(entries.every((m) => !evaluateWhen(m.when!, { view: 'modelLedger.history', viewItem: 'timelineEvent' })));
  });
});
