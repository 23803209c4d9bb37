import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { errorMessage } from '../core/errors';
import { SettleTimer } from '../core/settleTimer';
import { storePath } from '../store/paths';
import { Store } from '../store/store';
import { Disposable } from './disposable';

/** Store writes settle this long before views and panels read again, and wait at most this long while writes keep coming. */
const STORE_QUIET_MS = 300;
const STORE_MAX_WAIT_MS = 1000;

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

  constructor() {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/.modelledger/ledger.{db,db-wal}'));
    const settle = this.register(new SettleTimer(() => this.changed.fire(), STORE_QUIET_MS, STORE_MAX_WAIT_MS));
    const fire = () => settle.poke();
    this.register(watcher.onDidChange(fire));
    this.register(watcher.onDidCreate(fire));
    this.register(watcher.onDidDelete(() => {
      this.closeAll();
      fire();
    }));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => {
      this.closeAll(); // reopen writable
      this.changed.fire();
    }));
    this.register({ dispose: () => this.closeAll() });
  }

  folders(): readonly vscode.WorkspaceFolder[] {
    return vscode.workspace.workspaceFolders ?? [];
  }

  /** The folder's store for reading, if it exists. */
  read(folder: vscode.WorkspaceFolder): StoreState {
    const cached = this.open.get(folder.uri.fsPath);
    if (cached) return { kind: 'ready', store: cached };
    if (!fs.existsSync(storePath(folder.uri.fsPath))) return { kind: 'missing' };
    return this.openStore(folder, { create: false, readonly: !vscode.workspace.isTrusted });
  }

  private openStore(folder: vscode.WorkspaceFolder, options: { create: boolean; readonly: boolean }): StoreState {
    try {
      const store = Store.open(folder.uri.fsPath, options);
      this.open.set(folder.uri.fsPath, store);
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
