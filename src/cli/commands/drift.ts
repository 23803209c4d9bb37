import { formatNumber } from '../../common/format';
import { DEFAULT_SHARE_THRESHOLD } from '../../core/drift/options';
import { driftReportJson } from '../../core/drift/reportJson';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DriftReport } from '../../core/drift/types';
import { UserError } from '../../core/errors';
import { checkDataDrift } from '../../data/checkDataDrift';
import { fileReference, SHA256_TEXT, type DataReference } from '../../data/dataReference';
import { versionDataReference } from '../../registry/versionReference';
import type { Command, CommandContext } from '../command';
import { formatTable, printable } from '../table';
import { withRegistry } from '../withRegistry';

/** Exit code of a check that found dataset drift with --fail-on-drift (for CI). */
export const EXIT_DRIFT = 3;

export const driftCommand: Command = {
  name: 'drift',
  summary: "Compare current data with a reference (a file, a stored profile, or a version's training data) column by column.",
  usage: 'model-ledger drift [MODEL@VERSION|MODEL#STAGE] [--reference REF] --current FILE [--json] [--fail-on-drift] [--share X]',
  details: [
    '--reference REF   a CSV/TSV/Parquet/JSON-lines file, a profile sha256, or churn@v3.1.0, churn#prod, churn@latest',
    "                  (the version's training data profile); or give the version as the argument",
    '--current FILE    the data to check',
    '--json            print the report as JSON (format "model-ledger-drift", version 1)',
    '--fail-on-drift   exit 3 when the dataset drifted (for CI)',
    `--share X         the share of drifted columns that makes dataset drift (default ${DEFAULT_SHARE_THRESHOLD})`,
    'Tests as Evidently chooses them: up to 1,000 reference values KS, chi-squared or z-test (p < 0.05);',
    'above, Wasserstein over the reference std and Jensen-Shannon (>= 0.1). See docs/monitoring.md.',
  ],
  options: {
    reference: { type: 'string' },
    current: { type: 'string' },
    json: { type: 'boolean' },
    'fail-on-drift': { type: 'boolean' },
    share: { type: 'string' },
  },
  positionals: { min: 0, max: 1 },
  async run(ctx) {
    const reference = referenceText(ctx);
    const current = ctx.values.current;
    if (typeof current !== 'string') throw new UserError('Name the data to check with --current FILE.');
    const shareThreshold = ctx.values.share === undefined ? undefined : shareOf(String(ctx.values.share));
    const currentFile = fileReference(path.resolve(ctx.cwd, current), ctx.workspace);
    const report = await checkDataDrift(ctx.workspace, await referenceOf(ctx, reference), currentFile, { shareThreshold });
    ctx.out(ctx.values.json ? `${JSON.stringify(driftReportJson(report), null, 2)}\n` : formatReport(report));
    return ctx.values['fail-on-drift'] && report.datasetDrift ? EXIT_DRIFT : undefined;
  },
};

function referenceText(ctx: CommandContext): string {
  const [version] = ctx.positionals;
  const option = ctx.values.reference;
  if (version !== undefined && option !== undefined) throw new UserError('Give the reference once: as the argument (a version) or with --reference.');
  const text = version ?? option;
  if (typeof text !== 'string') throw new UserError('Name the reference: a version (churn@v3.1.0, churn#prod) or --reference FILE|PROFILE.');
  return text;
}

/** An existing file, else 64 hex digits (a stored profile), else a version. */
async function referenceOf(ctx: CommandContext, text: string): Promise<DataReference> {
  const file = path.resolve(ctx.cwd, text);
  if (fs.existsSync(file)) return fileReference(file, ctx.workspace);
  if (SHA256_TEXT.test(text)) return { kind: 'profile', sha256: text, label: `profile ${text.slice(0, 12)}` };
  return withRegistry(ctx, (registry) => versionDataReference(registry, ctx.workspace, text));
}

function shareOf(text: string): number {
  const share = Number(text);
  if (!(share > 0 && share <= 1)) throw new UserError(`--share ${text} is not a share: give a number in (0, 1], e.g. 0.5.`);
  return share;
}

function formatReport(report: DriftReport): string {
  const verdict = report.datasetDrift ? 'DATASET DRIFT' : 'no dataset drift';
  const tested = report.columns.length;
  const drifted = report.columns.filter((c) => c.drift).length;
  const lines = [
    `${verdict}: ${drifted} of ${tested} columns drifted (share ${formatNumber(report.driftShare)}, threshold ${formatNumber(report.shareThreshold)})`,
    `reference: ${printable(report.reference.label)} (${report.rows.reference} rows)   current: ${printable(report.current.label)} (${report.rows.current} rows)`,
    '',
  ];
  const rows = [...report.columns]
    .sort((a, b) => b.score - a.score)
    .map((c) => [printable(c.name), c.kind, c.test, formatNumber(c.statistic), c.pValue === null ? '—' : formatNumber(c.pValue), formatNumber(c.threshold), c.drift ? 'DRIFT' : 'ok', c.estimated ? 'sample' : '']);
  let text = lines.join('\n') + formatTable(['COLUMN', 'KIND', 'TEST', 'STATISTIC', 'P-VALUE', 'THRESHOLD', 'VERDICT', 'FROM'], rows);
  if (report.findings.length > 0) text += `\n${report.findings.map((f) => `${f.kind}: ${printable(f.message)}`).join('\n')}\n`;
  if (report.columns.some((c) => c.estimated)) text += '\n"sample": figures estimated from the reference profile\'s sample, not every value.\n';
  return text;
}
