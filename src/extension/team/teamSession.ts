import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { SyncQueue, type SyncWish } from '../../core/syncQueue';
import type { Store } from '../../store/store';
import { TeamListener, type TeamChange } from '../../team/listen';
import { Disposable } from '../disposable';
import type { WorkspaceStores } from '../workspaceStores';
import type { TeamClient, TeamSync } from './teamSync';

/** How long after a sync round a store change may be its own writes coming back through the file watcher (WorkspaceStores settles within 1 s). */
const ECHO_MS = 2000;

export type TeamPhase = 'connecting' | 'connected' | 'syncing' | 'offline';

export interface LastSync {
  at: number;
  pushed: number;
  pulled: number;
}

export interface TeamSessionState {
  phase: TeamPhase;
  /** Why the store is offline (explained), while it is. */
  error: string | null;
  lastSync: LastSync | null;
  /** What the last push could not send (a param changed after it was pushed): the rest went up. */
  conflicts: string[];
}

export interface TeamSessionOptions {
  folder: vscode.WorkspaceFolder;
  /** The server's URL, without its password. */
  url: string;
  password: string | undefined;
  stores: WorkspaceStores;
  sync: TeamSync;
  /** Whether local runs are pushed as they are written (modelLedger.team.autoPush), read each time. */
  autoPush(): boolean;
  output: vscode.LogOutputChannel;
}

/**
 * One workspace folder's live link to the team store: a pull when it starts and after every
 * notification, a catch-up pull after the listener reconnects, and (with auto-push) a push after
 * every local store change. Sync rounds run one at a time; a failed one leaves the store offline
 * until the listener is back, which then syncs again: the local store keeps working meanwhile.
 */
export class TeamSession extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<TeamSessionState>());
  readonly onDidChangeState = this.changed.event;
  private current: TeamSessionState = { phase: 'connecting', error: null, lastSync: null, conflicts: [] };
  private listening = false;
  /** The connection of sync rounds, and the one of reads (zoom fetches), which must not land inside a sync's transaction; each reopened after a failure. */
  private readonly clients: Record<'sync' | 'read', Promise<TeamClient> | undefined> = { sync: undefined, read: undefined };
  private readonly queue = new SyncQueue((wish) => this.round(wish));
  /** Until when a store change may be the echo of the last round's own writes (its sync records), and the store's data version then. */
  private echo: { until: number; dataVersion: number } | undefined;
  private readonly listener: TeamListener;

  constructor(private readonly options: TeamSessionOptions) {
    super();
    this.listener = new TeamListener({
      connect: () => options.sync.open(options.url, options.password),
      onChange: (change) => this.notified(change),
      // The first time, the pull on start; after a drop, the catch-up on what was never notified.
      onListening: () => this.queue.request({ pull: true, push: options.autoPush() }),
      onState: (state) => {
        this.listening = state.kind === 'listening';
        if (state.kind === 'offline') this.update({ phase: 'offline', error: state.error });
        else if (state.kind === 'listening' && this.current.phase !== 'syncing') this.update({ phase: 'connected', error: null });
      },
    });
    this.register(
      options.stores.onDidChange(() => {
        if (options.autoPush() && !this.isOwnEcho()) this.queue.request({ push: true });
      }),
    );
    this.register({ dispose: () => void this.close() });
  }

  get folder(): vscode.WorkspaceFolder {
    return this.options.folder;
  }

  get url(): string {
    return this.options.url;
  }

  get state(): TeamSessionState {
    return this.current;
  }

  start(): void {
    this.listener.start();
  }

  /** Pushes and pulls now; settles when done (failures show in the state, not as a rejection). */
  async syncNow(): Promise<void> {
    this.queue.request({ push: true, pull: true });
    await this.queue.idle();
  }

  /** Settles once no sync round runs or waits. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** The connection for reads such as the compare panel's zoom; after a failed read, call `readFailed`. */
  readConnection(): Promise<TeamClient> {
    return this.connection('read');
  }

  /** A read failed (the reader reports it): its connection is reopened next time. */
  readFailed(): void {
    void this.dropClient('read');
  }

  private connection(use: 'sync' | 'read'): Promise<TeamClient> {
    const open = this.clients[use];
    if (open) return open;
    const opening = this.options.sync.open(this.options.url, this.options.password).then((client) => {
      // An idle connection that drops reports it here; unheard, the error would end the extension host.
      client.on('error', (error: Error) => {
        if (this.clients[use] !== opening) return;
        void this.dropClient(use);
        this.options.output.warn(`Team store (${this.options.url}): ${errorMessage(error)}`);
      });
      return client;
    });
    opening.catch(() => {
      if (this.clients[use] === opening) this.clients[use] = undefined; // the next call tries again
    });
    this.clients[use] = opening;
    return opening;
  }

  private notified(change: TeamChange): void {
    // Our own pushes are notified back to us: nothing to pull for a run this store wrote itself.
    const store = this.store();
    if (change.run && store && this.options.sync.isLocalRun(store, change.run)) return;
    this.queue.request({ pull: true });
  }

  private async round(wish: SyncWish): Promise<void> {
    const store = this.store();
    if (!store) return;
    this.update({ phase: 'syncing' });
    try {
      await this.exchange(store, wish);
    } finally {
      this.echo = { until: Date.now() + ECHO_MS, dataVersion: store.dataVersion };
    }
  }

  private async exchange(store: Store, wish: SyncWish): Promise<void> {
    try {
      const client = await this.connection('sync');
      const push = wish.push ? await this.options.sync.push(client, store) : undefined;
      const pushed = push?.runs ?? 0;
      if (push && push.conflicts.join('\n') !== this.current.conflicts.join('\n')) {
        for (const conflict of push.conflicts) this.options.output.warn(`Team store (${this.options.url}): not pushed: ${conflict}`);
        this.update({ conflicts: push.conflicts });
      }
      const pulled = wish.pull ? await this.options.sync.pull(client, store) : 0;
      // Views and open compare panels read again at once: a teammate's points show within the second.
      if (pulled > 0) this.options.stores.wrote(true);
      this.update({ phase: this.listening ? 'connected' : 'offline', error: null, lastSync: { at: Date.now(), pushed, pulled } });
      if (pushed + pulled > 0) this.options.output.info(`Team store (${this.options.url}): pushed ${pushed}, pulled ${pulled}`);
    } catch (error) {
      await this.dropClient('sync');
      const explained = this.options.sync.explain(error);
      this.options.output.warn(`Team store (${this.options.url}): sync failed: ${explained}`);
      // The listener reconnects and asks for the catch-up; until then the local store works alone.
      this.update({ phase: 'offline', error: explained });
    }
  }

  /**
   * Whether a store change is only the file watcher reporting the last round's own writes: a push
   * for it would write its sync record again and loop. Writes by other connections (imports, the
   * CLI) move the data version, so they are never taken for an echo.
   */
  private isOwnEcho(): boolean {
    const echo = this.echo;
    if (!echo || Date.now() > echo.until) return false;
    const store = this.store();
    return store !== undefined && store.dataVersion === echo.dataVersion;
  }

  private store(): Store | undefined {
    try {
      return this.options.stores.writable(this.options.folder);
    } catch (error) {
      this.update({ phase: 'offline', error: errorMessage(error) });
      return undefined;
    }
  }

  private update(change: Partial<TeamSessionState>): void {
    this.current = { ...this.current, ...change };
    this.changed.fire(this.current);
  }

  private async dropClient(use: 'sync' | 'read'): Promise<void> {
    const client = this.clients[use];
    this.clients[use] = undefined;
    // A broken connection has nothing left to end: its failure was reported by the caller.
    await client?.then((c) => c.end()).catch(() => undefined);
  }

  private async close(): Promise<void> {
    await this.listener.close();
    await this.queue.idle();
    await Promise.all([this.dropClient('sync'), this.dropClient('read')]);
  }
}
