import { Registry } from '../registry/registry';
import { Store } from '../store/store';
import type { CommandContext } from './command';
import { printable } from './table';

/**
 * Runs a registry command on the workspace's store (created when missing: the registry is
 * rebuilt from tags into it) and the git repository holding the workspace.
 */
export async function withRegistry<T>(ctx: CommandContext, work: (registry: Registry, store: Store) => Promise<T>): Promise<T> {
  // Outside a repository, say so before a store is made there.
  await Registry.assertAvailable(ctx.workspace);
  const store = Store.open(ctx.workspace);
  try {
    // Every registry command reads tags into the store, and a write is recorded there after its
    // tag: a store that cannot be written is said before git is touched.
    store.assertWritable();
    return await work(await Registry.open(ctx.workspace, store), store);
  } finally {
    store.close();
  }
}

/** Problems a scan skipped, to standard error, one per line. */
export function reportProblems(ctx: CommandContext, problems: readonly string[]): void {
  for (const problem of problems) ctx.err(`warning: ${printable(problem)}\n`);
}

/** The n-th positional, which the command's positional count guarantees. */
export function arg(ctx: CommandContext, index: number): string {
  return ctx.positionals[index]!;
}
