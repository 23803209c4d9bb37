import { formatNumber, formatTime, shortCommit } from '../../common/format';
import { exportModels } from '../../store/export';
import type { Store } from '../../store/store';
import type { Command, CommandContext } from '../command';
import { openModelsStore } from '../modelsStore';
import { formatTable, printable } from '../table';
import { requireVersion } from '../versionLookup';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List registered models and their versions with stages, or one version in detail with its data.',
  usage: 'model-ledger models [MODEL@VERSION] [--workspace DIR] [--json]',
  details: [
    'MODEL@VERSION  one version: its commit, run, artifact, metrics, the data it was trained and',
    '               evaluated on, and how many runs evaluate it',
    '--json         print models with their versions as in `model-ledger export` (one version: its detail)',
    'In a git repository the registry tags are read first (into a new store when there is none).',
  ],
  options: { json: { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  async run(ctx) {
    const store = await openModelsStore(ctx);
    try {
      if (ctx.positionals.length === 1) showVersion(ctx, store, ctx.positionals[0]!);
      else listModels(ctx, store);
    } finally {
      store.close();
    }
  },
};

function listModels(ctx: CommandContext, store: Store): void {
  const models = exportModels(store);
  if (ctx.values.json) {
    ctx.out(JSON.stringify(models, null, 2) + '\n');
    return;
  }
  const rows = models.flatMap((m) =>
    m.versions.length === 0
      ? [[printable(m.name), '—', '', '', '', '', '']]
      : m.versions.map((v) => [
          printable(m.name),
          printable(v.version),
          v.stages.join(','),
          shortCommit(v.commit),
          formatTime(v.createdAt),
          printable(v.createdBy ?? ''),
          dataSummary(store.lineage.datasets({ model: m.name, version: v.version, runId: v.runId }).map((d) => d.path)),
        ]),
  );
  ctx.out(formatTable(['MODEL', 'VERSION', 'STAGES', 'COMMIT', 'CREATED', 'BY', 'DATA'], rows));
}

/** The first dataset and how many more: the table stays one line per version. */
function dataSummary(paths: string[]): string {
  if (paths.length === 0) return '';
  return printable(paths[0]!) + (paths.length > 1 ? ` +${paths.length - 1}` : '');
}

function showVersion(ctx: CommandContext, store: Store, ref: string): void {
  const v = requireVersion(store, ref);
  const data = store.lineage.datasets(v);
  const evaluations = store.lineage.evaluationCount(v.model, v.version);
  if (ctx.values.json) {
    const detail = {
      model: v.model,
      version: v.version,
      stages: v.stages,
      commit: v.commit,
      runId: v.runId,
      artifact: v.artifact,
      metrics: v.metrics,
      createdAt: v.createdAt,
      createdBy: v.createdBy,
      data: data.map(({ path, sha256, role, profile, inTag, loggedByRun }) => ({ path, sha256, role, profile, inTag, loggedByRun })),
      evaluations,
    };
    ctx.out(JSON.stringify(detail, null, 2) + '\n');
    return;
  }
  const lines = [
    `${printable(v.model)} ${printable(v.version)}${v.stages.length > 0 ? ` [${v.stages.join(', ')}]` : ''}${v.deregistered ? ' (deregistered)' : ''}`,
    `  commit     ${v.commit ?? '—'}`,
    `  run        ${printable(v.runId ?? '—')}`,
    `  artifact   ${v.artifact ? `${printable(v.artifact.path)}${v.artifact.sha256 ? ` sha256 ${v.artifact.sha256}` : ''}` : '—'}`,
    `  created    ${formatTime(v.createdAt)}${v.createdBy ? ` by ${printable(v.createdBy)}` : ''}`,
    ...Object.entries(v.metrics).map(([key, value], i) => `  ${i === 0 ? 'metrics   ' : '          '} ${printable(key)} ${formatNumber(value)}`),
  ];
  if (data.length === 0) lines.push('  data       none recorded (register with --data PATH, or log the run\'s inputs)');
  for (const d of data) {
    const from = [d.inTag ? 'tag' : undefined, d.loggedByRun ? 'source run' : undefined].filter(Boolean).join(', ');
    lines.push(`  ${d.role === 'training' ? 'training  ' : 'evaluation'} ${printable(d.path)}  ${d.sha256 ? `sha256 ${d.sha256}` : 'sha256 unknown'}  (${from})`);
  }
  lines.push(`  evaluated  ${evaluations === 1 ? '1 run' : `${evaluations} runs`}${evaluations > 0 ? ` (model-ledger evaluations ${printable(v.model)}@${printable(v.version)})` : ''}`);
  ctx.out(lines.join('\n') + '\n');
}
