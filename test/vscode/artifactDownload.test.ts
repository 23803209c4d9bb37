import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { WrittenArtifact } from '../../src/registry/resolve/writeVersionArtifact';
import { activateApi, workspaceFolder } from './helpers';
import { DEMO_MODEL, run, versionRow } from './registryHelpers';

// The demo registers churn-classifier v1.0.0 and then v1.1.0 from models/churn.pkl, which git
// ignores: the working tree holds v1.1.0's weights, and v1.0.0's are gone from it.
const V1_1_WEIGHTS = 'demo model weights\n';

suite("Getting a version's artifact: Download Version Artifact… and dragging from the Models view", () => {
  let api: ModelLedgerApi;
  let folder: string;
  suiteSetup(async () => {
    api = await activateApi();
    await api.registryReady;
    folder = workspaceFolder().uri.fsPath;
    assert.equal(fs.readFileSync(path.join(folder, 'models', 'churn.pkl'), 'utf8'), V1_1_WEIGHTS, 'the demo as made');
  });

  test('Download writes the verified artifact into the folder given, finds it there the second time, and writes nothing for a copy that is not the registered one', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-download-'));
    try {
      const written = await run<WrittenArtifact>('modelLedger.downloadVersionArtifact', { folder, model: DEMO_MODEL, version: 'v1.1.0', to: out });
      assert.deepEqual([written?.file, written?.outcome, written?.stored], [path.join(out, 'churn.pkl'), 'written', 'workspace']);
      assert.equal(fs.readFileSync(path.join(out, 'churn.pkl'), 'utf8'), V1_1_WEIGHTS);
      assert.equal(api.registry.feedback.last?.kind, 'info');
      assert.match(api.registry.feedback.last!.text, /^churn-classifier v1\.1\.0: .*churn\.pkl written from the working tree \(.*\), its sha256 verified against the registration\.$/);

      const again = await run<WrittenArtifact>('modelLedger.downloadVersionArtifact', { folder, model: DEMO_MODEL, version: 'v1.1.0', to: out });
      assert.equal(again?.outcome, 'present');

      // v1.0.0's weights were overwritten in the working tree: the copy there is not the registered one.
      const old = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-download-'));
      assert.equal(await run<WrittenArtifact>('modelLedger.downloadVersionArtifact', { folder, model: DEMO_MODEL, version: 'v1.0.0', to: old }), undefined);
      assert.equal(api.registry.feedback.last?.kind, 'error');
      assert.match(api.registry.feedback.last!.text, /^The artifact from the working tree .* has sha256 [0-9a-f]{64}, but the version was registered with [0-9a-f]{64}: the stored copy is not the registered one\. Nothing was written to .*churn\.pkl\.$/);
      assert.deepEqual(fs.readdirSync(old), []);
      fs.rmSync(old, { recursive: true });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test("dragging a version row hands over its verified artifact, kept in .modelledger/artifacts/<model>/<version>/, as a file URI list", async () => {
    const row = await versionRow(api, DEMO_MODEL, 'v1.1.0');
    const transfer = new vscode.DataTransfer();
    await api.modelsDrag.handleDrag([row.node], transfer);
    const kept = path.join(folder, '.modelledger', 'artifacts', DEMO_MODEL, 'v1.1.0', 'churn.pkl');
    assert.equal(await transfer.get('text/uri-list')?.asString(), vscode.Uri.file(kept).toString());
    assert.equal(fs.readFileSync(kept, 'utf8'), V1_1_WEIGHTS);

    // A version that cannot be resolved drops nothing and says why.
    const refused = new vscode.DataTransfer();
    await api.modelsDrag.handleDrag([(await versionRow(api, DEMO_MODEL, 'v1.0.0')).node], refused);
    assert.equal(refused.get('text/uri-list'), undefined);
    assert.match(api.registry.feedback.last!.text, /the stored copy is not the registered one/);
  });
});
