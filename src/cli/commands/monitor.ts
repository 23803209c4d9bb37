import { UserError } from '../../core/errors';
import { formatConfigError, MONITOR_CONFIG_FILE, watchedStages, type WatchedStage } from '../../core/monitor/monitorConfig';
import { BatchMonitor, type BatchOutcome, type StageOutcome } from '../../monitor/batchMonitor';
import type { CheckBatch } from '../../monitor/checkBatch';
import { readMonitorConfig } from '../../monitor/readMonitorConfig';
import { Registry } from '../../registry/registry';
import { Store } from '../../store/store';
import type { Command, CommandContext } from '../command';
import { formatTable, printable } from '../table';
import { reportProblems } from '../withRegistry';

/** The exit code of a watched stage whose latest batch drifted, with --fail-on-drift (as `model-ledger drift`). */
export const EXIT_DRIFT = 3;

/** Drifted columns named in the table; the rest are counted. */
const NAMED_COLUMNS = 3;

/**
 * `model-ledger monitor`: checks the batches monitor.yaml's globs name that were not checked yet
 * (for cron and CI), keeps each check in the store, and prints them. `check` is the drift check
 * (src/monitor/driftEngine.ts).
 */
export function makeMonitorCommand(check: CheckBatch): Command {
  return {
    name: 'monitor',
    summary: 'Check new data batches of the watched stages (.modelledger/monitor.yaml) for drift, and keep the results.',
    usage: 'model-ledger monitor [--model NAME] [--json] [--fail-on-drift] [--workspace DIR]',
    details: [
      '--model NAME     only this model\'s stages',
      '--json           print the stages and their batches as JSON',
      `--fail-on-drift  exit ${EXIT_DRIFT} when the latest batch of a watched stage has dataset drift`,
      'Each batch (a file a stage\'s "batches" glob names) is checked once: an unchanged file, or the same',
      'content under another name, is not checked again. A batch that cannot be read is an error (exit 1); the others are still checked.',
    ],
    options: { model: { type: 'string' }, json: { type: 'boolean' }, 'fail-on-drift': { type: 'boolean' } },
    async run(ctx) {
      const stages = await stagesToWatch(ctx);
      const store = await openStore(ctx);
      try {
        const monitor = new BatchMonitor({ workspace: ctx.workspace, store, check });
        const outcomes: StageOutcome[] = [];
        for (const stage of stages) outcomes.push(await monitor.checkStage(stage));
        const latest = store.driftChecks;
        const drifting = stages.filter((s) => latest.latest(s.model, s.stage)?.datasetDrift === true);
        if (ctx.values.json) ctx.out(JSON.stringify(toJson(outcomes, drifting), null, 2) + '\n');
        else printOutcomes(ctx, outcomes, drifting);
        const failures = outcomes.flatMap((o) => [...(o.problem ? [o.problem] : []), ...o.batches.flatMap((b) => (b.kind === 'failed' ? [`${b.path}: ${b.error}`] : []))]);
        for (const failure of failures) ctx.err(`error: ${printable(failure)}\n`);
        if (ctx.values['fail-on-drift'] && drifting.length > 0) return EXIT_DRIFT;
        if (failures.length > 0) throw new UserError(`${failures.length === 1 ? '1 stage or batch' : `${failures.length} stages or batches`} could not be checked (above); the others were.`);
        return undefined;
      } finally {
        store.close();
      }
    },
  };
}

/** The stages of monitor.yaml (of --model), or a UserError naming each problem of the file. */
async function stagesToWatch(ctx: CommandContext): Promise<WatchedStage[]> {
  const parsed = await readMonitorConfig(ctx.workspace);
  if (parsed === null) {
    throw new UserError(`${ctx.workspace} has no ${MONITOR_CONFIG_FILE}; write one naming where new data lands, such as: models: {churn: {stages: {prod: {batches: data/incoming/*.csv}}}}`);
  }
  for (const error of parsed.errors) ctx.err(`${printable(formatConfigError(error))}\n`);
  if (parsed.errors.length > 0) throw new UserError(`${MONITOR_CONFIG_FILE} has ${parsed.errors.length === 1 ? 'a problem' : `${parsed.errors.length} problems`} (above); fix it and run again. Nothing was checked.`);
  const model = ctx.values.model as string | undefined;
  const stages = watchedStages(parsed.config).filter((s) => model === undefined || s.model === model);
  if (model !== undefined && stages.length === 0) {
    const known = parsed.config.models.map((m) => m.name);
    throw new UserError(`${MONITOR_CONFIG_FILE} watches no model "${model}" (it watches: ${known.length > 0 ? known.join(', ') : 'none'}).`);
  }
  return stages;
}

/** The store, with the registry's tags read in first when the workspace is in a repository (which version holds each stage). */
async function openStore(ctx: CommandContext): Promise<Store> {
  const store = Store.open(ctx.workspace);
  try {
    store.assertWritable();
    if (await Registry.isAvailable(ctx.workspace)) reportProblems(ctx, (await (await Registry.open(ctx.workspace, store)).scan()).problems);
    return store;
  } catch (error) {
    store.close();
    throw error;
  }
}

function printOutcomes(ctx: CommandContext, outcomes: readonly StageOutcome[], drifting: readonly WatchedStage[]): void {
  const checked = outcomes.flatMap((o) => o.batches.filter((b): b is Extract<BatchOutcome, { kind: 'checked' }> => b.kind === 'checked'));
  const seen = outcomes.reduce((n, o) => n + o.batches.filter((b) => b.kind === 'already-checked').length, 0);
  const changing = outcomes.flatMap((o) => o.batches.filter((b) => b.kind === 'changing'));
  if (checked.length > 0) {
    const rows = checked.map(({ stage, path, check }) => {
      const drifted = check.columns.filter((c) => c.drift).map((c) => c.name);
      const named = drifted.slice(0, NAMED_COLUMNS).join(', ') + (drifted.length > NAMED_COLUMNS ? ` +${drifted.length - NAMED_COLUMNS}` : '');
      return [
        printable(`${stage.model}#${stage.stage}`),
        printable(check.version ?? '—'),
        printable(path),
        String(check.rows),
        `${formatShare(check.driftShare)} / ${formatShare(check.shareThreshold)}`,
        check.datasetDrift ? 'DRIFT' : 'ok',
        printable(named),
      ];
    });
    ctx.out(formatTable(['STAGE', 'VERSION', 'BATCH', 'ROWS', 'SHARE', 'DATASET', 'DRIFTED COLUMNS'], rows));
  } else {
    ctx.out('No new batches.\n');
  }
  if (seen > 0) ctx.out(`${seen === 1 ? '1 batch was' : `${seen} batches were`} checked before.\n`);
  for (const b of changing) ctx.out(`${printable(b.path)} is still being written; it is checked once it settles.\n`);
  for (const s of drifting) ctx.out(`${printable(`${s.model}#${s.stage}`)}: its latest batch has dataset drift.\n`);
}

function formatShare(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

function toJson(outcomes: readonly StageOutcome[], drifting: readonly WatchedStage[]) {
  return {
    format: 'model-ledger-monitor',
    version: 1,
    stages: outcomes.map(({ stage, problem, batches }) => ({
      model: stage.model,
      stage: stage.stage,
      problem,
      datasetDrift: drifting.includes(stage),
      batches: batches.map((b) => {
        if (b.kind === 'failed') return { path: b.path, status: b.kind, error: b.error };
        if (b.kind === 'changing') return { path: b.path, status: b.kind };
        const c = b.check;
        return {
          path: b.path,
          status: b.kind,
          checkId: c.id,
          sha256: c.batchSha256,
          version: c.version,
          reference: c.reference,
          checkedAt: c.checkedAt,
          rows: c.rows,
          driftShare: c.driftShare,
          shareThreshold: c.shareThreshold,
          datasetDrift: c.datasetDrift,
          driftedColumns: c.columns.filter((col) => col.drift).map((col) => ({ name: col.name, test: col.test, score: col.score })),
        };
      }),
    })),
  };
}
