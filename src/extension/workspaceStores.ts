import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { errorMessage } from '../core/errors';
import { SettleTimer } from '../core/settleTimer';
import { storePath } from '../store/paths';
import { Store } from '../store/store';
import { isStoreFailure } from '../store/storeFailure';
import { Disposable } from './disposable';

/** Store writes settle this long before views and panels read again, and wait at most this long while writes keep coming. */
const STORE_QUIET_MS = 300;
const STORE_MAX_WAIT_MS = 1000;
/**
 * How often open stores are asked whether another connection committed unreported. The file
 * watcher alone is not enough: VS Code's recursive watcher (parcel, inotify) never watches a folder
 * made moments after its parent, as `.modelledger/` often is, and then a store's writes go unseen.
 */
const STORE_POLL_MS = 1000;

export type StoreState = { kind: 'ready'; store: Store } | { kind: 'missing' } | { kind: 'error'; message: string };

/**
 * The store of each workspace folder, opened on first use and kept open. Reading never creates a
 * store; in an untrusted workspace stores open read-only, so nothing is ever written there.
 */
export class WorkspaceStores extends Disposable {
  private readonly open = new Map<string, Store>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when a store is written by anyone: this window, the CLI or another process. */
  readonly onDidChange = this.changed.event;
  private readonly settle = this.register(new SettleTimer(() => this.fire(), STORE_QUIET_MS, STORE_MAX_WAIT_MS));
  /** Each open store's data version when views and panels were last told to read again (or when it opened). */
  private readonly versions = new WeakMap<Store, number>();

  constructor() {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/.modelledger/ledger.{db,db-wal}'));
    this.register(watcher.onDidChange(() => this.wrote()));
    this.register(watcher.onDidCreate(() => this.wrote()));
    this.register(watcher.onDidDelete(() => {
      this.closeAll();
      this.wrote();
    }));
    const poll = setInterval(() => this.pollVersions(), STORE_POLL_MS);
    this.register({ dispose: () => clearInterval(poll) });
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => {
      this.closeAll(); // reopen writable
      this.changed.fire();
    }));
    this.register({ dispose: () => this.closeAll() });
  }

  /**
   * A store was (or may have been) written: views and panels read again once writes settle, or at
   * once when the writer says it is done (an import's last commit: its last runs show without waiting).
   */
  wrote(done = false): void {
    if (done) this.settle.flush();
    else this.settle.poke();
  }

  /**
   * The versions are taken before anyone reads again, so a commit made after this moment, reported
   * or not, differs from them at the next poll and is never lost.
   */
  private fire(): void {
    for (const store of this.open.values()) this.versions.set(store, store.dataVersion);
    this.changed.fire();
  }

  /** Reports commits made since views last read that nobody reported, such as another process's write the watcher missed. */
  private pollVersions(): void {
    if (this.settle.pending) return; // a read is coming anyway, and takes the versions then
    const moved = [...this.open.values()].some((store) => this.versions.get(store) !== store.dataVersion);
    if (moved) this.settle.poke();
  }

  folders(): readonly vscode.WorkspaceFolder[] {
    return vscode.workspace.workspaceFolders ?? [];
  }

  /** The folder's store for reading, if it exists. */
  /** The folder's store for a write a command was asked for (in a trusted workspace): created if need be. */
  writable(folder: vscode.WorkspaceFolder): Store {
    let state = this.read(folder);
    if (state.kind === 'missing') state = this.openStore(folder, { create: true, readonly: false });
    if (state.kind === 'error') throw new Error(state.message);
    if (state.kind !== 'ready') throw new Error(`no store in ${folder.uri.fsPath}`);
    return state.store;
  }

  read(folder: vscode.WorkspaceFolder): StoreState {
    const cached = this.open.get(folder.uri.fsPath);
    if (cached) return { kind: 'ready', store: cached };
    if (!fs.existsSync(storePath(folder.uri.fsPath))) return { kind: 'missing' };
    return this.openStore(folder, { create: false, readonly: !vscode.workspace.isTrusted });
  }

  private openStore(folder: vscode.WorkspaceFolder, options: { create: boolean; readonly: boolean }): StoreState {
    try {
      const store = openReadableStore(folder.uri.fsPath, options);
      this.open.set(folder.uri.fsPath, store);
      this.versions.set(store, store.dataVersion);
      return { kind: 'ready', store };
    } catch (error) {
      return { kind: 'error', message: errorMessage(error) };
    }
  }

  private closeAll(): void {
    for (const store of this.open.values()) store.close();
    this.open.clear();
  }
}

/** A store this user cannot write (a read-only file or folder) is still shown: it opens read-only, and writes say why they fail. */
function openReadableStore(workspaceFolder: string, options: { create: boolean; readonly: boolean }): Store {
  try {
    return Store.open(workspaceFolder, options);
  } catch (error) {
    if (options.readonly || !isStoreFailure(error) || error.kind !== 'read-only') throw error;
    return Store.open(workspaceFolder, { create: false, forReading: true });
  }
}
