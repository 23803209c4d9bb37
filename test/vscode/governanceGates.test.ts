import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GateResult } from '../../src/core/governance/gateResult';
import type { ModelLedgerApi } from '../../src/extension/extension';
import { GitRepo } from '../../src/git/repo';
import type { RegisterResult, TagWriteResult } from '../../src/registry/registry';
import { writeReview } from '../../src/registry/reviews';
import { activateApi, waitFor, workspaceFolder } from './helpers';
import { git, removeModelTags, run } from './registryHelpers';

const MODEL = 'churn-gated';
const LEAD = { name: 'Grace Lead', email: 'lead@example.com' };
const POLICY = `version: 1
models:
  "${MODEL}":
    stages:
      prod:
        reviews: {min: 1, reviewers: ["${LEAD.email}"], not_author: true}
        override: true
`;

/** Writes an approval as another person: git's identity variables, as a teammate's machine would have its own config. */
async function approveAs(folder: string, who: { name: string; email: string }): Promise<void> {
  const names = ['GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL'];
  const saved = names.map((n) => process.env[n]);
  Object.assign(process.env, { GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email, GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email });
  try {
    await writeReview(await GitRepo.open(folder), { model: MODEL, version: 'v1.0.0', stage: 'prod', decision: 'approve', comment: 'checked the holdout' });
  } finally {
    names.forEach((n, i) => (saved[i] === undefined ? delete process.env[n] : (process.env[n] = saved[i])));
  }
}

suite('promotion gates (policy.yaml)', () => {
  let api: ModelLedgerApi;
  let folder: string;
  let policyFile: string;
  suiteSetup(async () => {
    api = await activateApi();
    await api.registryReady;
    folder = workspaceFolder().uri.fsPath;
    policyFile = path.join(folder, '.modelledger', 'policy.yaml');
    fs.mkdirSync(path.dirname(policyFile), { recursive: true });
    fs.writeFileSync(policyFile, POLICY);
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    fs.rmSync(policyFile, { force: true });
    const reviews = (await git('for-each-ref', '--format=%(refname)', `refs/model-ledger/reviews/${MODEL}/`)).split('\n').filter(Boolean);
    for (const ref of reviews) await git('update-ref', '-d', ref);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeModelTags(api, MODEL);
  });

  test('a refused promotion lists its failed rules (notification and gate report); after a second identity approves, it goes through', async () => {
    const commit = (await git('rev-parse', 'HEAD')).trim();
    const registered = await run<RegisterResult>('modelLedger.registerVersion', { folder, model: MODEL, version: 'v1.0.0', commit, artifactPath: 'models/churn.pkl', description: '', allowDirty: true });
    assert.equal(registered?.tag, `${MODEL}@v1.0.0`);

    const refused = await run<TagWriteResult>('modelLedger.assignStage', { folder, model: MODEL, version: 'v1.0.0', stage: 'prod' });
    assert.equal(refused, undefined, 'nothing written');
    assert.deepEqual(api.registry.feedback.last, { kind: 'warning', text: `${MODEL} v1.0.0 was not put in prod: its gate failed (reviews).` });
    assert.ok(!(await git('tag', '--list', `${MODEL}#*`)).trim(), 'no stage tag');

    const check = await run<GateResult>('modelLedger.checkGate', { folder, model: MODEL, version: 'v1.0.0', stage: 'prod' });
    assert.equal(check?.outcome, 'fail');
    const report = await waitFor('the gate report', () => {
      const document = vscode.window.activeTextEditor?.document;
      return document?.uri.scheme === 'model-ledger-gate' ? document : undefined;
    });
    assert.equal(report.languageId, 'markdown');
    assert.match(report.getText(), /# Gate: churn-gated v1\.0\.0 → prod/);
    assert.match(report.getText(), /\| reviews \| \*\*FAIL\*\* \| 0 of 1 approval; from lead@example\.com; no review of v1\.0\.0 for prod yet/);

    await approveAs(folder, LEAD);
    const promoted = await run<TagWriteResult>('modelLedger.assignStage', { folder, model: MODEL, version: 'v1.0.0', stage: 'prod' });
    assert.equal(promoted?.tag.startsWith(`${MODEL}#prod#`), true);
    assert.equal(promoted?.gate?.outcome, 'pass');
    assert.match(promoted!.gate!.rules[0]!.detail, /1 of 1 approval \(Grace Lead <lead@example\.com>\)/);
    assert.equal(api.registry.feedback.last?.text, `${MODEL} v1.0.0 is now in prod.`);
    const message = await git('cat-file', '-p', promoted!.tag);
    const trailer = JSON.parse(message.slice(message.indexOf('Model-Ledger: ') + 'Model-Ledger: '.length)) as { gate: GateResult };
    assert.deepEqual(trailer.gate, promoted!.gate, 'the stage tag records its gate');
  });
});
