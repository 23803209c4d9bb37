import { formatNumber, formatTime } from '../../common/format';
import { exportNumber } from '../../store/export';
import type { Command } from '../command';
import { openModelsStore } from '../modelsStore';
import { formatTable, printable } from '../table';
import { requireVersion } from '../versionLookup';

export const evaluationsCommand: Command = {
  name: 'evaluations',
  summary: "The runs that evaluate a model version, each metric against the version's value at registration.",
  usage: 'model-ledger evaluations MODEL@VERSION [--workspace DIR] [--json]',
  details: [
    'A run evaluates a version when its run log names it (start_run(…, evaluates="churn@v3.1.0")),',
    'or its MLflow tag (or DVCLive param) model_ledger.evaluates does. Oldest first; only metrics the',
    'version was registered with are compared (DELTA = VALUE - REGISTERED).',
    '--json  print JSON (NaN and ±Infinity as strings, as in export)',
  ],
  options: { json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const store = await openModelsStore(ctx);
    try {
      const version = requireVersion(store, ctx.positionals[0]!);
      const evaluations = store.lineage.evaluations(version);
      if (ctx.values.json) {
        const json = {
          model: version.model,
          version: version.version,
          registeredMetrics: version.metrics,
          evaluations: evaluations.map((e) => ({
            runId: e.run.id,
            name: e.run.name,
            status: e.run.status,
            startTime: e.run.startTime,
            data: e.inputs,
            metrics: e.metrics.map((m) => ({ key: m.key, registered: m.registered, value: exportNumber(m.value), delta: exportNumber(m.delta) })),
          })),
        };
        ctx.out(JSON.stringify(json, null, 2) + '\n');
        return;
      }
      const label = `${printable(version.model)} ${printable(version.version)}`;
      if (evaluations.length === 0) {
        ctx.out(`${label}: no run evaluates it yet (a run names it with evaluates="${printable(version.model)}@${printable(version.version)}").\n`);
        return;
      }
      ctx.out(`${label}: ${evaluations.length === 1 ? '1 evaluation' : `${evaluations.length} evaluations`}\n`);
      const rows = evaluations.flatMap((e) => {
        const run = [formatTime(e.run.startTime), printable(e.run.name), printable(e.inputs.map((i) => i.path).join(', '))];
        if (e.metrics.length === 0) return [[...run, '(no metric in common)', '', '', '']];
        return e.metrics.map((m, i) => [...(i === 0 ? run : ['', '', '']), printable(m.key), formatNumber(m.registered), formatNumber(m.value), signed(m.delta)]);
      });
      ctx.out(formatTable(['DATE', 'RUN', 'DATA', 'METRIC', 'REGISTERED', 'VALUE', 'DELTA'], rows));
    } finally {
      store.close();
    }
  },
};

function signed(delta: number): string {
  return delta > 0 ? `+${formatNumber(delta)}` : formatNumber(delta);
}
