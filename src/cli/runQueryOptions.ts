import { UserError } from '../core/errors';
import { DEFAULT_RUN_QUERY, parseMetricFilter, parseParamFilter, type RunQuery, type RunSortField } from '../core/runQuery';
import { isRunStatus, RUN_STATUSES, type RunStatus } from '../core/types';
import type { CommandContext } from './command';
import { printable } from './table';

/** The options of `model-ledger runs` that sort and filter, as the sidebar does. */
export const RUN_QUERY_OPTIONS = {
  sort: { type: 'string' },
  order: { type: 'string' },
  status: { type: 'string' },
  param: { type: 'string' },
  metric: { type: 'string' },
  text: { type: 'string' },
  'include-deleted': { type: 'boolean' },
} as const;

export const RUN_QUERY_HELP = [
  '--sort FIELD        start (default), name, metric:KEY (its last value) or param:KEY (numbers as numbers)',
  '--order asc|desc    default: desc, but asc for name; runs without the value come last either way',
  `--status LIST       only these statuses, comma-separated: ${RUN_STATUSES.join(', ')}`,
  '--param KEY=VALUE   only runs whose param has exactly this value',
  '--metric "KEY>=N"   only runs whose metric\'s last value compares so (<, <=, >, >=, =)',
  '--text TEXT         only runs whose name, id or note holds TEXT (any case)',
  '--include-deleted   also list deleted runs (deleted at their source or with "model-ledger run delete")',
  'Pinned runs ("model-ledger run pin") come first.',
];

/** The query the options ask for; a malformed option is a UserError naming it. */
export function runQueryFromOptions(values: CommandContext['values']): RunQuery {
  const field = sortField(values.sort as string | undefined);
  const order = values.order as string | undefined;
  if (order !== undefined && order !== 'asc' && order !== 'desc') throw new UserError(`--order takes asc or desc, not "${printable(order)}".`);
  const metricText = values.metric as string | undefined;
  const metric = metricText === undefined ? null : parseMetricFilter(metricText);
  if (metric === undefined) throw new UserError(`--metric takes a metric, a comparison and a number, e.g. "acc>=0.9"; got "${printable(metricText!)}".`);
  const paramText = values.param as string | undefined;
  const param = paramText === undefined ? null : parseParamFilter(paramText);
  if (param === undefined) throw new UserError(`--param takes KEY=VALUE, e.g. "lr=0.01"; got "${printable(paramText!)}".`);
  const text = values.text as string | undefined;
  return {
    sort: { field, descending: order === undefined ? field.kind !== 'name' : order === 'desc' },
    filter: {
      statuses: statuses(values.status as string | undefined),
      param,
      metric,
      text: text === undefined || text === '' ? null : text,
      showDeleted: values['include-deleted'] === true,
    },
  };
}

function sortField(value: string | undefined): RunSortField {
  if (value === undefined || value === 'start') return DEFAULT_RUN_QUERY.sort.field;
  if (value === 'name') return { kind: 'name' };
  const match = /^(metric|param):(.+)$/.exec(value);
  if (!match) throw new UserError(`--sort takes start, name, metric:KEY or param:KEY, not "${printable(value)}".`);
  return { kind: match[1] as 'metric' | 'param', key: match[2]! };
}

function statuses(value: string | undefined): RunStatus[] | null {
  if (value === undefined) return null;
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((name) => !isRunStatus(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UserError(`--status takes a comma-separated list of ${RUN_STATUSES.join(', ')}; "${printable(unknown[0] ?? value)}" is none of them.`);
  }
  return RUN_STATUSES.filter((status) => names.includes(status));
}
