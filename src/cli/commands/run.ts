import { UserError } from '../../core/errors';
import { readGitActor } from '../../git/gitState';
import { Store } from '../../store/store';
import type { Command, CommandContext } from '../command';
import { printable } from '../table';

const ACTIONS = ['rename', 'note', 'pin', 'unpin', 'delete', 'restore'] as const;
type Action = (typeof ACTIONS)[number];

/** `model-ledger run ACTION RUN_ID…`: what the sidebar does to runs, scriptable; each change lands in the audit log. */
export const runCommand: Command = {
  name: 'run',
  summary: 'Rename, note, pin, unpin, delete or restore runs (kept across re-imports, recorded in the audit log).',
  usage: 'model-ledger run rename|note|pin|unpin|delete|restore RUN_ID [NAME|NOTE|RUN_ID…]',
  details: [
    'rename RUN_ID NAME       show the run as NAME (1 to 200 characters); --reset goes back to the imported name',
    'note RUN_ID NOTE         set the run\'s note (up to 10,000 characters); --clear removes it',
    'pin RUN_ID…              pin runs to the top of their experiment; unpin undoes it',
    'delete RUN_ID…           hide runs from listings (their data stays); restore undoes it',
    '--reset                  with rename: back to the imported name',
    '--clear                  with note: remove the note',
    'A NAME or NOTE that starts with "-" goes after "--": model-ledger run rename RUN_ID -- "-v2"',
  ],
  options: { reset: { type: 'boolean' }, clear: { type: 'boolean' } },
  positionals: { min: 2, max: Number.MAX_SAFE_INTEGER },
  async run(ctx) {
    const [actionName, ...args] = ctx.positionals as [string, ...string[]];
    const action = ACTIONS.find((a) => a === actionName);
    if (!action) throw new UserError(`unknown action "${printable(actionName)}"; use one of ${ACTIONS.join(', ')}.`);
    const actor = await readGitActor(ctx.workspace).catch(() => null);
    const store = Store.open(ctx.workspace, { create: false });
    try {
      ctx.out(apply(store, action, args, ctx, actor));
    } finally {
      store.close();
    }
  },
};

function apply(store: Store, action: Action, args: string[], ctx: CommandContext, actor: string | null): string {
  const writes = store.runAnnotations;
  switch (action) {
    case 'rename': {
      const [runId, name] = exactly(args, ctx.values.reset ? 1 : 2, ctx.values.reset ? 'RUN_ID with --reset' : 'RUN_ID NAME');
      writes.rename(runId!, ctx.values.reset ? null : name!, actor);
      return `${printable(runId!)} is shown as "${printable(store.runs.get(runId!)!.name)}".\n`;
    }
    case 'note': {
      const [runId, note] = exactly(args, ctx.values.clear ? 1 : 2, ctx.values.clear ? 'RUN_ID with --clear' : 'RUN_ID NOTE');
      writes.setNote(runId!, ctx.values.clear ? null : note!, actor);
      return `${printable(runId!)} ${ctx.values.clear ? 'has no note' : 'has a note'}.\n`;
    }
    case 'pin':
    case 'unpin':
      writes.setPinned(args, action === 'pin', actor);
      return `${subject(args)} ${action === 'pin' ? 'pinned' : 'unpinned'}.\n`;
    case 'delete':
      writes.softDelete(args, actor);
      return `${subject(args)} deleted; "model-ledger run restore" brings ${args.length === 1 ? 'it' : 'them'} back.\n`;
    case 'restore':
      writes.restore(args, actor);
      return `${subject(args)} restored.\n`;
  }
}

function subject(runIds: string[]): string {
  return runIds.length === 1 ? printable(runIds[0]!) : `${runIds.length} runs`;
}

function exactly(args: string[], count: number, what: string): string[] {
  if (args.length !== count) throw new UserError(`expected ${what} (${count} argument${count === 1 ? '' : 's'} after the action), got ${args.length}.`);
  return args;
}
