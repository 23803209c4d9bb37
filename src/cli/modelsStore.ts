import { Registry } from '../registry/registry';
import { Store } from '../store/store';
import { isStoreFailure } from '../store/storeFailure';
import type { CommandContext } from './command';
import { reportProblems } from './withRegistry';

/** The store to list models from: in a git repository, with its registry tags read in first. */
export async function openModelsStore(ctx: CommandContext): Promise<Store> {
  return (await Registry.isAvailable(ctx.workspace)) ? openWithTags(ctx) : Store.open(ctx.workspace, { create: false, forReading: true });
}

/**
 * The store with the repository's registry tags read into it (a new store when there is none).
 * A store this user cannot write is listed as it is, as of its last scan, with a warning.
 */
async function openWithTags(ctx: CommandContext): Promise<Store> {
  let store: Store | undefined;
  try {
    store = Store.open(ctx.workspace);
    store.assertWritable();
  } catch (error) {
    store?.close();
    if (!isStoreFailure(error) || error.kind !== 'read-only') throw error;
    const readable = Store.open(ctx.workspace, { create: false, forReading: true });
    ctx.err(`warning: ${readable.path} cannot be written, so the registry tags were not read again: the list is as of their last scan.\n`);
    return readable;
  }
  try {
    reportProblems(ctx, (await (await Registry.open(ctx.workspace, store)).scan()).problems);
    return store;
  } catch (error) {
    store.close();
    throw error;
  }
}
