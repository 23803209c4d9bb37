import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { SyncQueue, type SyncWish } from '../../core/syncQueue';
import type { Store } from '../../store/store';
import { TeamListener, type ListenState, type TeamChange } from '../../team/listen';
import type { TeamErrorKind } from '../../team/teamErrors';
import { Disposable } from '../disposable';
import type { WorkspaceStores } from '../workspaceStores';
import type { TeamClient, TeamSync } from './teamSync';

/** A round shows as syncing only once it lasts this long: live logging syncs every few seconds, and a spinner that never stops says nothing. */
const SYNCING_SHOWN_AFTER_MS = 500;
/** Auto-pushes start at most this often: a training script commits every few hundred milliseconds, and each push reads the whole store. */
const AUTO_PUSH_EVERY_MS = 5000;
/** The read (zoom) connection is closed after this long without a read. */
const READ_IDLE_MS = 30_000;

export type TeamPhase = 'connecting' | 'connected' | 'syncing' | 'offline';

export interface LastSync {
  at: number;
  pushed: number;
  pulled: number;
}

export interface TeamSessionState {
  phase: TeamPhase;
  /** Why the store is offline, while it is: its kind (for a label in the user's language) and the detail. */
  error: { kind: TeamErrorKind; detail: string } | null;
  lastSync: LastSync | null;
  /** What the last push could not send (a param changed after it was pushed): the rest went up. */
  conflicts: string[];
  /** Why this role may only pull (explained), once a push was refused for lack of rights: auto-push stops for the session. */
  readOnly: string | null;
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
  /** The listener stopped on a failure retrying will not clear (wrong password, certificate, rights, newer schema). */
  onStopped(session: TeamSession, error: { kind: TeamErrorKind; detail: string }): void;
}

/**
 * One workspace folder's live link to the team store: a pull when it starts and after every
 * notification, a catch-up pull after the listener reconnects, and (with auto-push) a push after
 * every local store change. Sync rounds run one at a time, each on a connection of its own that
 * is closed after it; when the listener finds the server gone, every open connection is destroyed,
 * so no round waits on a dead socket. The local store keeps working meanwhile.
 */
export class TeamSession extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<TeamSessionState>());
  readonly onDidChangeState = this.changed.event;
  private current: TeamSessionState = { phase: 'connecting', error: null, lastSync: null, conflicts: [], readOnly: null };
  private listening = false;
  /** The listener's last failure: offline says why even after a sync round. */
  private listenerError: TeamSessionState['error'] = null;
  /** Every connection open now (a round's, the reads'). */
  private readonly clients = new Set<TeamClient>();
  /** The connection of reads (zoom fetches), kept between reads until idle. */
  private reader: Promise<TeamClient> | undefined;
  private readerIdle: ReturnType<typeof setTimeout> | undefined;
  /** Pushes and pulls queue apart, each round on a connection of its own: a teammate's points never wait behind a long push. */
  private readonly pushes: SyncQueue;
  private readonly pulls: SyncQueue;
  /** Rounds running now: the phase goes back from syncing when the last ends. */
  private running = 0;
  /** Aborted on close: a round stops between runs or batches. */
  private readonly abort = new AbortController();
  private readonly listener: TeamListener;
  private closing: Promise<void> | undefined;
  /** The auto-push waiting for its turn, and when the last one was asked for. */
  private autoPushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastAutoPush = 0;

  constructor(private readonly options: TeamSessionOptions) {
    super();
    const failed = (error: unknown) => options.output.error(`Team store (${options.url}): a sync round failed: ${errorMessage(error)}`);
    this.pushes = new SyncQueue(() => this.round('push'), failed);
    this.pulls = new SyncQueue(() => this.round('pull'), failed);
    this.listener = new TeamListener({
      connect: () => options.sync.open(options.url, options.password),
      onChange: (change) => this.notified(change),
      // The first time, the pull on start; after a drop, the catch-up on what was never notified.
      onListening: () => this.want({ pull: true, push: this.pushesAutomatically() }),
      onState: (state) => this.listenerState(state),
    });
    this.register(
      options.stores.onDidChange(() => this.pushIfAutomatic()),
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

  /** Whether the listener is connected: reads are tried only then, so an offline zoom answers at once. */
  get online(): boolean {
    return this.listening;
  }

  start(): void {
    this.listener.start();
  }

  /** Pushes (unless the role is read-only) and pulls now; settles when done, failures showing in the state. */
  async syncNow(): Promise<void> {
    this.want({ push: true, pull: true });
    await this.idle();
  }

  /** Pushes when auto-push is on (the store changed, or auto-push was just turned on): at once, or when the last auto-push is far enough behind. */
  pushIfAutomatic(): void {
    if (!this.pushesAutomatically() || this.autoPushTimer) return;
    const wait = Math.max(0, this.lastAutoPush + AUTO_PUSH_EVERY_MS - Date.now());
    this.autoPushTimer = setTimeout(() => {
      this.autoPushTimer = undefined;
      this.lastAutoPush = Date.now();
      if (this.pushesAutomatically()) this.want({ push: true });
    }, wait);
  }

  /** Settles once no sync round runs or waits. */
  async idle(): Promise<void> {
    await Promise.all([this.pushes.idle(), this.pulls.idle()]);
  }

  /** Runs a read (the compare panel's zoom) on the read connection, which must not land inside a sync's transaction. */
  async read<T>(work: (client: TeamClient) => Promise<T>): Promise<T> {
    clearTimeout(this.readerIdle);
    const reader = (this.reader ??= this.openClient());
    try {
      return await work(await reader);
    } catch (error) {
      if (this.reader === reader) this.reader = undefined;
      void reader.then((client) => this.closeClient(client), () => undefined);
      throw error;
    } finally {
      clearTimeout(this.readerIdle);
      this.readerIdle = setTimeout(() => this.closeReader(), READ_IDLE_MS);
    }
  }

  /** Stops syncing: the listener closes, a running round is cut off (what it committed stays) and every connection ends. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearTimeout(this.readerIdle);
    clearTimeout(this.autoPushTimer);
    this.abort.abort();
    await this.listener.close();
    this.destroyClients();
    await this.idle();
  }

  private pushesAutomatically(): boolean {
    return !this.closing && this.current.readOnly === null && this.options.autoPush();
  }

  private listenerState(state: ListenState): void {
    this.listening = state.kind === 'listening';
    switch (state.kind) {
      case 'listening':
        this.listenerError = null;
        if (this.current.phase !== 'syncing') this.update({ phase: 'connected', error: null });
        return;
      case 'offline':
      case 'stopped':
        this.listenerError = { kind: state.errorKind, detail: state.error };
        // The network is gone: a round or read on another connection would wait on a dead socket.
        this.destroyClients();
        this.update({ phase: 'offline', error: this.listenerError });
        if (state.kind === 'stopped') this.options.onStopped(this, this.listenerError);
        return;
      default:
        return;
    }
  }

  private notified(change: TeamChange): void {
    // Our own pushes are notified back to us: nothing to pull for a run this store wrote itself.
    const store = this.store();
    if (change.run && store && this.options.sync.isLocalRun(store, change.run)) return;
    this.want({ pull: true });
  }

  private want(wish: Partial<SyncWish>): void {
    if (wish.push) this.pushes.request({ push: true });
    if (wish.pull) this.pulls.request({ pull: true });
  }

  private async round(kind: 'push' | 'pull'): Promise<void> {
    // Offline, a round would only wait for the connect timeout: the catch-up after reconnecting pushes and pulls.
    if (this.closing || !this.listening || (kind === 'push' && this.current.readOnly !== null)) return;
    const store = this.store();
    if (!store) return;
    this.running += 1;
    const slow = setTimeout(() => this.update({ phase: 'syncing' }), SYNCING_SHOWN_AFTER_MS);
    let client: TeamClient | undefined;
    try {
      client = await this.openClient();
      const pushed = kind === 'push' ? await this.push(client, store) : 0;
      const pulled = kind === 'pull' ? await this.options.sync.pull(client, store, this.abort.signal) : 0;
      // Views and open compare panels read again at once: a teammate's points show within the second.
      if (pulled > 0) this.options.stores.wrote(true);
      const lastSync = { at: Date.now(), pushed, pulled };
      if (this.running > 1) this.update({ lastSync });
      else this.update(this.listening ? { phase: 'connected', error: null, lastSync } : { phase: 'offline', error: this.listenerError, lastSync });
      if (pushed + pulled > 0) this.options.output.info(`Team store (${this.options.url}): pushed ${pushed}, pulled ${pulled}`);
    } catch (error) {
      if (this.closing) return; // cut off by disconnecting: nothing to report
      const explained = this.options.sync.explain(error);
      this.options.output.warn(`Team store (${this.options.url}): ${kind} failed: ${explained}`);
      // The listener reconnects and asks for the catch-up; until then the local store works alone.
      this.update({ phase: 'offline', error: { kind: this.options.sync.kind(error), detail: explained } });
    } finally {
      this.running -= 1;
      clearTimeout(slow);
      if (client) await this.closeClient(client);
    }
  }

  /** Pushes; a refusal for lack of rights makes the session read-only (pull goes on), anything else fails the round. */
  private async push(client: TeamClient, store: Store): Promise<number> {
    try {
      const push = await this.options.sync.push(client, store, this.abort.signal);
      if (push.conflicts.join('\n') !== this.current.conflicts.join('\n')) {
        for (const conflict of push.conflicts) this.options.output.warn(`Team store (${this.options.url}): not pushed: ${conflict}`);
        this.update({ conflicts: push.conflicts });
      }
      return push.runs;
    } catch (error) {
      if (this.options.sync.kind(error) !== 'rights') throw error;
      const explained = this.options.sync.explain(error);
      this.options.output.warn(`Team store (${this.options.url}): read-only: ${explained}`);
      this.update({ readOnly: explained });
      return 0;
    }
  }

  private async openClient(): Promise<TeamClient> {
    const client = await this.options.sync.open(this.options.url, this.options.password);
    // A connection that drops reports it here; unheard, the error would end the extension host.
    client.on('error', (error: Error) => {
      if (this.clients.delete(client)) this.options.output.warn(`Team store (${this.options.url}): ${errorMessage(error)}`);
    });
    this.clients.add(client);
    if (this.closing) this.destroyClients(); // closed while it was opening
    return client;
  }

  private async closeClient(client: TeamClient): Promise<void> {
    if (!this.clients.delete(client)) return; // destroyed already
    await this.options.sync.close(client);
  }

  private closeReader(): void {
    const reader = this.reader;
    this.reader = undefined;
    void reader?.then((client) => this.closeClient(client), () => undefined);
  }

  private destroyClients(): void {
    for (const client of this.clients) this.options.sync.destroy(client);
    this.clients.clear();
    this.reader = undefined;
  }

  private store(): Store | undefined {
    try {
      return this.options.stores.writable(this.options.folder);
    } catch (error) {
      this.update({ phase: 'offline', error: { kind: 'other', detail: errorMessage(error) } });
      return undefined;
    }
  }

  private update(change: Partial<TeamSessionState>): void {
    this.current = { ...this.current, ...change };
    this.changed.fire(this.current);
  }
}
