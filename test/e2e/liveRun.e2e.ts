// A Python training script using the Model Ledger client shows its run live in the Experiments
// view: the row appears while the run trains (spinning status icon, its loss changing) and turns
// finished when the script ends. Screenshots of both moments.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openModelLedger, pane, row, unhover, type E2EContext } from './workbench';

const CLIENT = path.resolve(__dirname, '..', '..', '..', 'clients', 'python');

// Logs one epoch every 300 ms; after epoch 5 it waits for `release` to exist, so the test can look
// at the running run for as long as it needs, then finishes.
const TRAIN = `
import os, time, model_ledger
with model_ledger.start_run(experiment="live-training", name="resnet-live") as run:
    run.log_params({"lr": 0.01, "epochs": 12})
    for epoch in range(12):
        run.log_metric("loss", round(1.0 / (epoch + 1), 4), step=epoch)
        time.sleep(0.3)
        while epoch == 5 and not os.path.exists("release"):
            time.sleep(0.1)
`;

export async function run(context: E2EContext): Promise<void> {
  const { page, workspace, screenshot } = context;
  await openModelLedger(context);
  const experiments = pane(page, 'Experiments');
  await row(experiments, 'baseline').waitFor();

  fs.writeFileSync(path.join(workspace, 'train.py'), TRAIN);
  const python = spawn('python3', ['train.py'], { cwd: workspace, env: { ...process.env, PYTHONPATH: CLIENT, PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  python.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => python.on('close', resolve));
  try {
    const experiment = row(experiments, 'live-training', 1);
    await experiment.waitFor({ timeout: 20_000 });
    await experiment.click();
    const live = row(experiments, 'resnet-live', 2);
    await live.waitFor();
    assert.ok(await live.locator('.codicon-sync.codicon-modifier-spin, .codicon-sync\\~spin').count(), 'a running run has the spinning icon');
    // The description follows the training: the loss of a later epoch replaces the first.
    const description = live.locator('.label-description');
    await description.filter({ hasText: /^loss 0\.1667 · / }).waitFor({ timeout: 15_000 });
    await unhover(page);
    await screenshot('live-running.png');

    fs.writeFileSync(path.join(workspace, 'release'), '');
    assert.equal(await exited, 0, `train.py failed: ${stderr}`);
    await live.locator('.codicon-pass').waitFor({ timeout: 15_000 });
    await description.filter({ hasText: /^loss 0\.0833 · / }).waitFor();
    await unhover(page);
    await screenshot('live-finished.png');
  } finally {
    python.kill();
  }
}
