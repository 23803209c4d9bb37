import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { DriftPanel } from '../../src/extension/panels/driftPanel';
import type { DriftReport } from '../../src/protocol/drift';
import { seattleDriftReport } from '../../testkit/driftReports';
import { activateApi, waitFor } from './helpers';

const driftTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('modelLedger.drift'));

/** Waits until the panel's page has been sent this report (the host answers the page's "ready"). */
function sent(panel: DriftPanel, report: DriftReport): Promise<true> {
  return waitFor(`the panel to send the report checked at ${report.checkedAt}`, () => {
    const m = panel.lastMessage;
    return m?.type === 'report' && m.report.checkedAt === report.checkedAt ? true : undefined;
  }, 20_000);
}

suite('drift report panel', () => {
  let api: ModelLedgerApi;
  suiteSetup(async () => {
    api = await activateApi();
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('show opens a tab whose page asks for the report and gets it; the same sides again refresh that tab', async () => {
    const report = seattleDriftReport({ checkedAt: Date.UTC(2026, 11, 5, 9) });
    const panel = api.driftPanels.show(report);
    // The host posts only after the webview's "ready": a report sent proves the page loaded under its CSP.
    await sent(panel, report);
    assert.equal(panel.panel.viewType, 'modelLedger.drift');
    assert.equal(panel.panel.title, 'Drift: seattle-weather.csv 2014–2015 vs seattle-weather.csv 2012–2013');

    const newer = seattleDriftReport({ checkedAt: Date.UTC(2026, 11, 5, 10) });
    assert.equal(api.driftPanels.show(newer), panel, 'the same data keeps its tab');
    await sent(panel, newer);
    assert.equal(driftTabs().length, 1);

    const other = seattleDriftReport({ referenceEvery: 2, checkedAt: Date.UTC(2026, 11, 5, 11) });
    const second = api.driftPanels.show(other);
    assert.notEqual(second, panel, 'another reference is another tab');
    await sent(second, other);
    await waitFor('two drift tabs', () => (driftTabs().length === 2 ? true : undefined));
  });

  test('a closed tab is forgotten: showing its report again opens a new one', async () => {
    const report = seattleDriftReport({ checkedAt: Date.UTC(2026, 11, 5, 12) });
    const first = api.driftPanels.show(report);
    await sent(first, report);
    first.panel.dispose();
    const again = api.driftPanels.show(report);
    assert.notEqual(again, first);
    await sent(again, report);
  });
});
