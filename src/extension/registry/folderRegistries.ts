import * as vscode from 'vscode';
import { errorMessage, UserError } from '../../core/errors';
import { parseTagName } from '../../core/gto';
import { GitRepo } from '../../git/repo';
import { listTagRefs } from '../../git/tags';
import { Registry, type ScanResult } from '../../registry/registry';
import { Store } from '../../store/store';
import { Disposable } from '../disposable';
import type { WorkspaceStores } from '../workspaceStores';
import type { GitRepositories } from './gitRepositories';

export interface RegistryScan {
  folder: vscode.WorkspaceFolder;
  result: ScanResult;
  /** This window wrote to the registry just before: the views refresh whatever the scan found. */
  afterWrite: boolean;
}

interface Opened {
  store: Store;
  registry: Registry;
}

/**
 * The git registry of each workspace folder, over the folder's store. Registries are opened on
 * first use (the store is created only for a write, or when the repository has registry tags),
 * scanned when the repository's refs change, and the Models view is refreshed after every scan
 * that changed something. In an untrusted workspace nothing is scanned: a scan writes the store.
 */
export class FolderRegistries extends Disposable {
  private readonly opened = new Map<string, Opened>();
  private readonly scanned = this.register(new vscode.EventEmitter<RegistryScan>());
  /** A scan (or a write, which ends with one) brought the folder's registry index up to date. */
  readonly onDidScan = this.scanned.event;

  constructor(
    private readonly stores: WorkspaceStores,
    readonly repos: GitRepositories,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(repos.onDidChangeRefs((folder) => void this.scanQuietly(folder)));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('modelLedger.stages')) this.opened.clear();
      }),
    );
  }

  /** The workspace folders in a git repository. */
  async gitFolders(): Promise<vscode.WorkspaceFolder[]> {
    const folders = this.stores.folders();
    const found = await Promise.all(folders.map((f) => this.repos.isRepository(f)));
    return folders.filter((_, i) => found[i]);
  }

  /**
   * The folder's registry for reading. The store must exist already (a registry with no store
   * has nothing indexed yet); `undefined` when it does not.
   */
  async forReading(folder: vscode.WorkspaceFolder): Promise<Registry | undefined> {
    await this.requireRepository(folder);
    const state = this.stores.read(folder);
    if (state.kind === 'error') throw new UserError(state.message);
    if (state.kind === 'missing') return undefined;
    return this.registryOver(folder, state.store);
  }

  /** The folder's registry for writing: creates the store when missing. Call only in a trusted workspace. */
  async forWriting(folder: vscode.WorkspaceFolder): Promise<Registry> {
    await this.requireRepository(folder);
    let state = this.stores.read(folder);
    if (state.kind === 'missing') {
      Store.open(folder.uri.fsPath, { create: true }).close();
      state = this.stores.read(folder);
    }
    if (state.kind === 'error') throw new UserError(state.message);
    if (state.kind === 'missing') throw new UserError(vscode.l10n.t('The Model Ledger store of {0} could not be created.', folder.name));
    return this.registryOver(folder, state.store);
  }

  /** The folder's store when it exists and opened. */
  storeOf(folder: vscode.WorkspaceFolder): Store | undefined {
    const state = this.stores.read(folder);
    return state.kind === 'ready' ? state.store : undefined;
  }

  /** Brings the folder's index up to date with its tags and tells the views. */
  async scan(folder: vscode.WorkspaceFolder, registry?: Registry): Promise<ScanResult> {
    const result = await (registry ?? (await this.forWriting(folder))).scan();
    this.scanned.fire({ folder, result, afterWrite: false });
    return result;
  }

  /** After a write by a command: scans (the write indexed its own tag; others may have come) and refreshes the views. */
  async afterWrite(folder: vscode.WorkspaceFolder, registry: Registry): Promise<void> {
    const result = await registry.scan();
    this.scanned.fire({ folder, result, afterWrite: true });
  }

  /**
   * After activation and on ref changes: scans every git folder whose store exists, and creates
   * the store of one that has registry tags but no store yet (a fresh clone). A folder with
   * neither is left alone, so looking at a repository leaves no `.modelledger/` behind.
   */
  async scanAll(): Promise<void> {
    for (const folder of await this.gitFolders()) await this.scanQuietly(folder);
  }

  private async scanQuietly(folder: vscode.WorkspaceFolder): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    try {
      if (this.stores.read(folder).kind === 'missing' && !(await hasRegistryTags(folder.uri.fsPath))) return;
      await this.scan(folder);
    } catch (error) {
      // A repository that cannot be read now (a git operation in progress) is scanned on its next change.
      this.log.warn(`Scanning the registry tags of ${folder.name} failed; trying again on the next change: ${errorMessage(error)}`);
    }
  }

  private async requireRepository(folder: vscode.WorkspaceFolder): Promise<void> {
    if (!(await this.repos.isRepository(folder))) {
      throw new UserError(vscode.l10n.t('{0} is not in a git repository: the model registry lives in git tags. Initialize a repository there first.', folder.name));
    }
  }

  /** One Registry per open store: a store closed and reopened (trust granted, store deleted) gets a new one. */
  private async registryOver(folder: vscode.WorkspaceFolder, store: Store): Promise<Registry> {
    const key = folder.uri.fsPath;
    const opened = this.opened.get(key);
    if (opened && opened.store === store && store.db.open) return opened.registry;
    const stages = vscode.workspace.getConfiguration('modelLedger', folder).get<string[]>('stages', []);
    const registry = await Registry.open(key, store, { stages: Array.isArray(stages) ? stages : [] });
    this.opened.set(key, { store, registry });
    return registry;
  }
}

async function hasRegistryTags(dir: string): Promise<boolean> {
  const repo = await GitRepo.find(dir);
  if (!repo) return false;
  return (await listTagRefs(repo)).some((ref) => ref.type === 'tag' && parseTagName(ref.name) !== null);
}
