import * as path from 'node:path';
import { formatNumber } from '../../common/format';
import type { ColumnProfile, DataIssue, DataProfile } from '../../core/profile/types';
import { profileFile } from '../../data/profileFile';
import { workspaceLabel } from '../../data/dataReference';
import { saveAndIndexProfile } from '../../registry/profiles';
import { Store } from '../../store/store';
import type { Command, CommandContext } from '../command';
import { formatTable, printable } from '../table';

const TOP_SHOWN = 3;

export const profileCommand: Command = {
  name: 'profile',
  summary: 'Profile a data file (CSV, TSV, Parquet, JSON lines): per column its kind, counts, range and top values.',
  usage: 'model-ledger profile PATH [--json] [--save]',
  details: [
    '--json  print the whole profile as JSON (quantiles, histograms, value counts, the sample)',
    '--save  store it under .modelledger/profiles/<sha256>.json and index it; prints the sha256',
    'The file is read in one streaming pass, in bounded memory whatever its size.',
    'Problems in the data (ragged rows, bytes that are not UTF-8, NaN/Inf, empty columns) are listed with their row and column.',
  ],
  options: { json: { type: 'boolean' }, save: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const file = path.resolve(ctx.cwd, ctx.positionals[0]!);
    const profile = await profileFile(file, workspaceLabel(file, ctx.workspace));
    const saved = ctx.values.save ? save(ctx, profile) : null;
    if (ctx.values.json) {
      ctx.out(JSON.stringify(profile, null, 2) + '\n');
      if (saved) ctx.err(`saved: ${saved}\n`);
      return;
    }
    ctx.out(`${printable(profile.source.path)}: ${profile.rows} rows, ${profile.columns.length} columns, ${profile.source.format}, sha256 ${profile.source.sha256.slice(0, 12)}…\n\n`);
    ctx.out(formatTable(['COLUMN', 'KIND', 'COUNT', 'NULLS', 'MIN', 'MAX', 'MEAN', 'STD', 'TOP'], profile.columns.map(columnRow)));
    if (profile.issues.length > 0) ctx.out(`\nIssues:\n${formatTable(['ROW', 'COLUMN', 'ISSUE'], profile.issues.map(issueRow))}`);
    if (saved) ctx.out(`\nsaved: ${saved}\n`);
  },
};

/** Writes the profile and indexes it in the store. */
function save(ctx: CommandContext, profile: DataProfile): string {
  const store = Store.open(ctx.workspace);
  try {
    return saveAndIndexProfile(ctx.workspace, store, profile);
  } finally {
    store.close();
  }
}

function columnRow(column: ColumnProfile): string[] {
  const numeric = column.numeric;
  const range = column.datetime ? [column.datetime.min, column.datetime.max] : numeric ? [formatNumber(numeric.min), formatNumber(numeric.max)] : ['', ''];
  const top = column.kind === 'numerical' ? '' : column.top.slice(0, TOP_SHOWN).map(([value, count]) => `${value} (${count})`).join(', ');
  return [
    printable(column.name),
    column.kind,
    String(column.count),
    String(column.nulls),
    ...range,
    numeric ? formatNumber(numeric.mean) : '',
    numeric ? formatNumber(numeric.std) : '',
    printable(top),
  ];
}

function issueRow(issue: DataIssue): string[] {
  return [issue.row === null ? '' : String(issue.row), printable(issue.column ?? ''), printable(issue.message)];
}
