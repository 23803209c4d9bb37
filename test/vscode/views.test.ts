import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/views/treeNode';
import type { ExperimentsTreeProvider } from '../../src/extension/views/experimentsTree';
import { Store } from '../../src/store/store';
import { activateApi, childByLabel, childLabels, waitFor, workspaceFolder } from './helpers';

/** Other suites import more runs into the same workspace: these tests look at the demo's own. */
const DEMO_EXPERIMENTS = ['added-by-cli', 'baseline', 'tuning'];
/** The demo's registry (scripts/make-demo.ts): git tags of two models, the older one deprecated. */
const DEMO_MODELS = ['churn-classifier', 'churn-logreg'];
const demoOnly = (labels: string[]) => labels.filter((l) => DEMO_EXPERIMENTS.includes(l) || DEMO_MODELS.includes(l));

suite('tree views on the demo workspace', () => {
  let api: ModelLedgerApi;
  suiteSetup(async () => {
    api = await activateApi();
    await api.initialImport; // counts are final, not "so far…"
  });

  test('Experiments lists the experiments, then their runs newest first', async () => {
    assert.deepEqual(demoOnly(await childLabels(api.experiments)), ['baseline', 'tuning']);
    const tuning = await childByLabel(api.experiments, 'tuning');
    assert.equal((await api.experiments.getTreeItem(tuning)).description, '3 runs');
    assert.deepEqual(await childLabels(api.experiments, tuning), ['gbm-lr-0.05', 'gbm-lr-0.3', 'gbm-lr-0.1']);
  });

  test('a run row shows its status, key metric and a command that opens it', async () => {
    const tuning = await childByLabel(api.experiments, 'tuning');
    const failed = await api.experiments.getTreeItem(await childByLabel(api.experiments, 'gbm-lr-0.3', tuning));
    assert.equal(failed.contextValue, 'run.failed.git');
    assert.equal((failed.iconPath as vscode.ThemeIcon).id, 'error');
    // The age in its short form, after the key metric, so a narrow side bar cuts the age first.
    assert.match(String(failed.description), /^loss 0\.3621 · \d+(d|w|mo|y) ago$/);
    assert.equal(failed.command?.command, 'modelLedger.showRun');
  });

  test('a run tooltip is resolved on hover and keeps names as text', async () => {
    const tuning = await childByLabel(api.experiments, 'tuning');
    const node = await childByLabel(api.experiments, 'gbm-lr-0.1', tuning);
    const item = api.experiments.resolveTreeItem(await api.experiments.getTreeItem(node), node);
    // appendText escapes Markdown and spaces; read it back as the text the user sees.
    const text = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.match(text, /- learning_rate: 0\.1\n/);
    assert.match(text, /- loss: 0\.2074 \(min 0\.2074, max 0\.91\)/);
  });

  test('a hostile run name stays text in its row and tooltip', async () => {
    const hostile = '<img src=x onerror=alert(1)> **bold** [quit](command:workbench.action.quit)';
    const store = Store.open(workspaceFolder().uri.fsPath);
    try {
      store.write(() => {
        const experimentId = store.experiments.upsert({ name: 'hostile', origin: { source: 'native', id: null, path: null } });
        store.runs.upsert({ id: 'hostile-run', experimentId, name: hostile, status: 'finished', deleted: false, startTime: 1, endTime: 2, git: null, command: null, parentRunId: null, origin: { source: 'native', id: 'hostile-run', path: null } });
        store.runs.setParams('hostile-run', { '<script>': '</script>[x](command:workbench.action.quit)' });
      });
    } finally {
      store.close();
    }
    const experiment = await waitFor('the hostile experiment', async () => ((await childLabels(api.experiments)).includes('hostile') ? childByLabel(api.experiments, 'hostile') : undefined));
    const node = await childByLabel(api.experiments, hostile, experiment);
    const tooltip = api.experiments.resolveTreeItem(await api.experiments.getTreeItem(node), node).tooltip as vscode.MarkdownString;
    assert.ok(!tooltip.isTrusted, 'no command links run from a tooltip');
    assert.ok(!tooltip.supportHtml, 'no raw HTML renders in a tooltip');
    assert.doesNotMatch(tooltip.value, /[^\\]\]\(command:/, 'link syntax from a name is escaped');
    assert.doesNotMatch(tooltip.value, /[^\\]\*\*bold/, 'emphasis from a name is escaped');
  });

  test('Models lists models, then versions with stage badges', async () => {
    assert.deepEqual(demoOnly(await childLabels(api.models)), DEMO_MODELS);
    const model = await childByLabel(api.models, 'churn-classifier');
    const modelItem = await api.models.getTreeItem(model);
    assert.equal(modelItem.contextValue, 'registryModel');
    assert.match(String(modelItem.description), /^2 versions · staging: v1\.1\.0 · prod: v1\.0\.0$|^2 versions · prod: v1\.0\.0 · staging: v1\.1\.0$/);
    const versions = (await api.models.getChildren(model)) ?? [];
    const items = await Promise.all(versions.map((v) => api.models.getTreeItem(v)));
    assert.deepEqual(items.map((i) => [i.label, i.contextValue]), [['v1.1.0', 'registryVersion.staging'], ['v1.0.0', 'registryVersion.prod'], ['History', 'registryHistory']]);
    assert.match(String(items[1]!.description), /^\[prod\] · [0-9a-f]{8} · Demo Trainer · 2026-11-04 10:30$/);
    const retired = await api.models.getTreeItem(await childByLabel(api.models, 'churn-logreg'));
    assert.deepEqual([retired.contextValue, retired.description], ['registryModel.deprecated', 'deprecated · 1 version']);
  });

  test('a write by another process refreshes the trees', async () => {
    // Shown either way: the tree fires a change, or VS Code fetches its rows after the write (a
    // refresh asked for earlier and delivered late, under load), and then no change is due.
    const tree = api.experiments;
    let written = false;
    let shown!: () => void;
    const refreshed = new Promise<void>((resolve) => (shown = resolve));
    const listener = tree.onDidChangeTreeData(() => shown());
    const fetch = tree.getChildren; // the prototype's
    tree.getChildren = (node?: TreeNode) => {
      if (!node && written) shown();
      return fetch.call(tree, node);
    };
    try {
      const store = Store.open(workspaceFolder().uri.fsPath);
      try {
        store.write(() => store.experiments.upsert({ name: 'added-by-cli', origin: { source: 'native', id: null, path: null } }));
      } finally {
        store.close();
      }
      written = true;
      await Promise.race([refreshed, new Promise((_, reject) => setTimeout(() => reject(new Error('no refresh within 5 s')), 5000))]);
    } finally {
      listener.dispose();
      delete (tree as Partial<ExperimentsTreeProvider>).getChildren; // the prototype's again
    }
    assert.deepEqual(demoOnly(await childLabels(api.experiments)), ['added-by-cli', 'baseline', 'tuning']);
  });
});
