import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ComparePanel } from '../../src/extension/panels/comparePanel';
import type { RunPanel } from '../../src/extension/panels/runPanel';
import type { MediaView } from '../../src/protocol/media';
import { activateApi, copyFixture, coveredBy, waitFor, workspaceFolder } from './helpers';

/** Two real YOLOv8 DVCLive outputs (test/fixtures/real): one with images per step, one with a confusion matrix only. */
const IMAGES_RUN = 'dvclive:media/yolo/dvclive';
const PLOT_RUN = 'dvclive:media/ultra/dvclive';

/** Whether a webview granted `roots` could load `file`: VS Code matches by path prefix, without following links. */

async function importFixture(fixture: string, target: string): Promise<string> {
  const dir = copyFixture(fixture, target);
  await vscode.commands.executeCommand('modelLedger.importRuns', vscode.Uri.file(path.join(dir, 'dvclive')));
  return path.join(dir, 'dvclive');
}

suite('plots and images in the run and compare panels', () => {
  let yolo: string;
  let outside: string;
  suiteSetup(async () => {
    await activateApi();
    yolo = await importFixture('Brycenvn__dvc-yolov8', 'media/yolo');
    await importFixture('Aaroen__Aroen_ultralytics', 'media/ultra');
    // An image step that is a symbolic link to a file outside the workspace: never served.
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'media-outside-'));
    fs.copyFileSync(path.join(yolo, 'plots', 'images', 'train', 'train_batch', '0.jpg'), path.join(outside, 'secret.jpg'));
    fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(yolo, 'plots', 'images', 'train', 'train_batch', '3.jpg'));
  });
  suiteTeardown(() => {
    fs.rmSync(outside, { recursive: true, force: true });
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the run panel gets the run\u2019s plots and its images as webview URIs inside its artifact folder, never bytes', async () => {
    const panel = (await vscode.commands.executeCommand('modelLedger.showRun', { folder: workspaceFolder().uri.fsPath, runId: IMAGES_RUN })) as RunPanel;
    const message = await waitFor('the run\u2019s state with its media', () => (panel.lastMessage?.type === 'state' && panel.lastMessage.run.id === IMAGES_RUN ? panel.lastMessage : undefined), 20_000);
    const media: MediaView = message.media;
    const matrix = media.plots.find((p) => p.id === 'sklearn/cf');
    assert.equal(matrix?.data.kind, 'confusion');
    assert.equal(matrix.data.kind === 'confusion' && matrix.data.labels.length, 8);
    const batch = media.images.filter((i) => i.key === 'train/train_batch');
    assert.deepEqual(batch.map((i) => i.step), [0, 1, 2], 'the step that links outside is not served');
    const folderUri = panel.panel.webview.asWebviewUri(vscode.Uri.file(yolo)).toString();
    for (const image of media.images) assert.ok(image.uri.startsWith(folderUri), `${image.uri} is a webview URI inside ${folderUri}`);
    assert.ok(media.images.every((i) => !i.uri.includes('secret') && !i.uri.includes('media-outside')), 'the outside file is never served');
    const refused = media.problems.find((p) => p.file === 'plots/images/train/train_batch/3.jpg');
    assert.match(refused?.message ?? '', /leads outside the artifact folder/, 'and the user is told why that step is missing');
    const bytes = Buffer.byteLength(JSON.stringify(message));
    const onDisk = batch.reduce((sum, image) => sum + fs.statSync(path.join(yolo, 'plots', 'images', 'train', 'train_batch', image.name)).size, 0);
    assert.ok(bytes < onDisk / 4, `the message (${bytes} B) carries no image bytes (${onDisk} B on disk)`);
    const roots = (panel.panel.webview.options.localResourceRoots ?? []).map((u) => u.fsPath);
    const batchDir = path.join(yolo, 'plots', 'images', 'train', 'train_batch');
    for (const image of batch) assert.ok(coveredBy(roots, path.join(batchDir, image.name)), `${image.name} may be loaded: ${roots.join(', ')}`);
    // The loader matches path prefixes and follows links: the folder holding the link out is not granted whole.
    assert.ok(!coveredBy(roots, path.join(batchDir, '3.jpg')), `the link out is not covered: ${roots.join(', ')}`);
    assert.ok(!roots.includes(yolo) && !roots.includes(batchDir), 'neither the DVCLive folder nor the images\u2019 folder whole');
    assert.ok(roots.includes(path.join(yolo, 'plots', 'sklearn')), 'a folder without links out stays whole');
    assert.ok(!roots.includes(workspaceFolder().uri.fsPath) && !roots.some((r) => r.startsWith(outside)), 'not the workspace, not the outside folder');
  });

  test('compare gets each run\u2019s media in column order, and the page may load only their folders', async () => {
    const panel = await vscode.commands.executeCommand<ComparePanel>('modelLedger.compareRuns', { folder: workspaceFolder().uri.fsPath, runIds: [IMAGES_RUN, PLOT_RUN] });
    assert.ok(panel);
    await panel.receive({ type: 'ready', width: 800 });
    const state = await waitFor('the first snapshot', () => panel.lastState, 20_000);
    assert.deepEqual(state.media.runs.map((r) => r.runId), state.runs.map((r) => r.id));
    const byRun = new Map(state.media.runs.map((r) => [r.runId, r.media]));
    assert.deepEqual(byRun.get(PLOT_RUN)!.plots.map((p) => p.id), ['sklearn/cf']);
    assert.equal(byRun.get(PLOT_RUN)!.images.length, 0);
    assert.ok(byRun.get(IMAGES_RUN)!.images.some((i) => i.key === 'train/train_batch' && i.step === 2));
    const roots = (panel.panel.webview.options.localResourceRoots ?? []).map((u) => u.fsPath);
    assert.ok(coveredBy(roots, path.join(yolo, 'plots', 'images', 'train', 'train_batch', '2.jpg')), `the images are allowed: ${roots.join(', ')}`);
    assert.ok(!coveredBy(roots, path.join(yolo, 'plots', 'images', 'train', 'train_batch', '3.jpg')), 'not the link out');
    assert.ok(!roots.includes(workspaceFolder().uri.fsPath));
  });

  test('an image dvc.yaml declares outside the DVCLive folder is shown, and the page may load that file only', async () => {
    const dir = copyFixture('Brycenvn__dvc-yolov8', 'media/declared');
    fs.mkdirSync(path.join(dir, 'reports'));
    fs.copyFileSync(path.join(dir, 'dvclive', 'plots', 'images', 'train', 'train_batch', '0.jpg'), path.join(dir, 'reports', 'importance.jpg'));
    fs.writeFileSync(path.join(dir, 'reports', 'unlisted.jpg'), 'not declared');
    const yaml = fs.readFileSync(path.join(dir, 'dvc.yaml'), 'utf8').replace('plots:\n', 'plots:\n- reports/importance.jpg\n');
    fs.writeFileSync(path.join(dir, 'dvc.yaml'), yaml);
    await vscode.commands.executeCommand('modelLedger.importRuns', vscode.Uri.file(path.join(dir, 'dvclive')));
    const runId = 'dvclive:media/declared/dvclive';
    const panel = (await vscode.commands.executeCommand('modelLedger.showRun', { folder: workspaceFolder().uri.fsPath, runId })) as RunPanel;
    const message = await waitFor('the run\u2019s state with its media', () => (panel.lastMessage?.type === 'state' && panel.lastMessage.run.id === runId ? panel.lastMessage : undefined), 20_000);
    const declared = message.media.images.find((i) => i.key === 'reports/importance.jpg');
    const served = vscode.Uri.file(path.join(dir, 'reports', 'importance.jpg'));
    assert.equal(declared?.uri, panel.panel.webview.asWebviewUri(served).toString(), JSON.stringify(message.media.problems));
    assert.deepEqual(message.media.problems.filter((p) => p.file.includes('importance')), []);
    const roots = (panel.panel.webview.options.localResourceRoots ?? []).map((u) => u.fsPath);
    assert.ok(roots.includes(served.fsPath), `the declared image is allowed: ${roots.join(', ')}`);
    const unlisted = path.join(dir, 'reports', 'unlisted.jpg');
    assert.ok(!coveredBy(roots, unlisted), 'not its folder, nor the file dvc.yaml does not declare');
  });
});
