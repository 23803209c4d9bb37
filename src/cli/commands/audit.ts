import { UserError } from '../../core/errors';
import { auditChangeText, auditEvent, filterTimeline, type TimelineFilter } from '../../core/history/timeline';
import { formatTime } from '../../common/format';
import type { AuditChainReport } from '../../store/auditChain';
import { Store } from '../../store/store';
import type { Command, CommandContext } from '../command';
import { parseDateArgument } from '../dateArgument';
import { formatTable, printable } from '../table';

/** The exit code of `audit verify` on a broken chain: the log was changed outside Model Ledger. */
export const EXIT_BROKEN_CHAIN = 4;

export const auditCommand: Command = {
  name: 'audit',
  summary: "The store's audit log: check its hash chain (verify), or list its entries (list).",
  usage: 'model-ledger audit verify [--json] | model-ledger audit list [--model NAME] [--stage STAGE] [--actor TEXT] [--since DATE] [--until DATE] [--json]',
  details: [
    `verify         re-hash every entry in order: OK with the count, or the first broken link (exit ${EXIT_BROKEN_CHAIN})`,
    'list           the entries, oldest first',
    '--model NAME   list: only entries of this registry model',
    '--stage STAGE  list: only entries of this stage',
    '--actor TEXT   list: only entries whose actor contains TEXT (any case)',
    '--since DATE   list: from this ISO date or time (UTC)',
    '--until DATE   list: up to this date (a date alone includes the whole day) or time',
    '--json         print JSON',
  ],
  options: {
    json: { type: 'boolean' },
    model: { type: 'string' },
    stage: { type: 'string' },
    actor: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  run(ctx) {
    const verb = ctx.positionals[0];
    if (verb !== 'verify' && verb !== 'list') throw new UserError(`"${printable(verb ?? '')}" is not an audit command; use "model-ledger audit verify" or "model-ledger audit list".`);
    if (verb === 'verify') {
      const used = ['model', 'stage', 'actor', 'since', 'until'].filter((o) => ctx.values[o] !== undefined);
      if (used.length > 0) throw new UserError(`--${used[0]} filters "audit list"; "audit verify" always checks the whole log.`);
    }
    const store = Store.open(ctx.workspace, { create: false, forReading: true });
    try {
      return verb === 'verify' ? verify(ctx, store.audit.verify()) : list(ctx, store);
    } finally {
      store.close();
    }
  },
};

function verify(ctx: CommandContext, report: AuditChainReport): number | undefined {
  if (ctx.values.json) ctx.out(JSON.stringify(report, null, 2) + '\n');
  if (report.ok) {
    if (!ctx.values.json) ctx.out(`OK: the audit log's ${report.count} ${report.count === 1 ? 'entry chains' : 'entries chain'} unbroken.\n`);
    return undefined;
  }
  const { id, kind, expected, found } = report.broken;
  const what =
    kind === 'content'
      ? `its content no longer matches its hash (stored ${found ?? 'none'}, content hashes to ${expected}): the entry was changed, or written without Model Ledger`
      : kind === 'link'
        ? `its prev_hash (${found ?? 'none'}) is not the hash of the entry before it (${expected ?? 'none, as it is the first'}): an entry before it was removed, inserted or rewritten`
        : 'it is missing, and so is every later one: entries were removed from the end of the log';
  ctx.err(`error: the audit log's chain breaks at entry ${id}: ${what}. ${report.checked} of ${report.count} entries before it check out.\n`);
  return EXIT_BROKEN_CHAIN;
}

function list(ctx: CommandContext, store: Store): undefined {
  const filter: TimelineFilter = {
    model: ctx.values.model as string | undefined,
    stage: ctx.values.stage as string | undefined,
    actor: ctx.values.actor as string | undefined,
    from: ctx.values.since === undefined ? undefined : parseDateArgument(ctx.values.since as string, '--since', false),
    to: ctx.values.until === undefined ? undefined : parseDateArgument(ctx.values.until as string, '--until', true),
  };
  const all = store.audit.list();
  const shown = new Set(filterTimeline(all.map(auditEvent), filter).map((e) => e.auditId));
  const entries = all.filter((e) => shown.has(e.id));
  if (ctx.values.json) {
    ctx.out(JSON.stringify(entries, null, 2) + '\n');
    return undefined;
  }
  ctx.out(
    formatTable(
      ['ID', 'TIME (UTC)', 'ACTION', 'TARGET', 'BY', 'CHANGE'],
      entries.map((e) => [String(e.id), formatTime(e.at), printable(e.action), printable(e.target), printable(e.actor ?? ''), printable(auditChangeText(e))]),
    ),
  );
  return undefined;
}
