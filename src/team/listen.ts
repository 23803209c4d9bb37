// LISTEN on the team store's channel, kept alive across network drops and server restarts: a lost
// connection is reopened with a growing delay, the channel subscribed again, and the caller told to
// pull, since whatever was notified while offline was lost with the connection.
import type { Client, Notification } from 'pg';
import { isRecord } from '../common/records';
import { closeTeamClient, destroyTeamClient } from './connect';
import { explainTeamError, teamErrorKind, type TeamErrorKind } from './teamErrors';

/** The channel the team schema's triggers notify (team-sync's schema: NOTIFY model_ledger, '{"kind","experiment","run"}'). */
export const TEAM_CHANNEL = 'model_ledger';

/** What a notification says changed on the server: a run written (`kind` 'run'), points appended ('points'), … */
export interface TeamChange {
  kind: string;
  experiment: string | null;
  run: string | null;
}

/** The payload as the triggers write it; undefined for anything else (another writer on the channel), which is ignored. */
export function parseTeamChange(payload: string | undefined): TeamChange | undefined {
  if (!payload) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined; // not ours: the channel is open to any client that may NOTIFY
  }
  if (!isRecord(value) || typeof value.kind !== 'string') return undefined;
  const idOrNull = (v: unknown) => (typeof v === 'string' ? v : null);
  return { kind: value.kind, experiment: idOrNull(value.experiment), run: idOrNull(value.run) };
}

export type ListenState =
  | { kind: 'connecting' }
  | { kind: 'listening' }
  /** The connection failed or dropped (`error` explained for the user); the next attempt comes in `retryInMs`. */
  | { kind: 'offline'; error: string; errorKind: TeamErrorKind; attempt: number; retryInMs: number }
  /** A failure that retrying will not clear (a wrong password, a certificate, rights, a newer schema): no more attempts until started again. */
  | { kind: 'stopped'; error: string; errorKind: TeamErrorKind }
  | { kind: 'closed' };

/** Failures only a person can clear: retrying them would only fill the server's log. */
const PERMANENT: ReadonlySet<TeamErrorKind> = new Set(['no-password', 'password', 'not-allowed', 'tls-verify', 'tls-unsupported', 'rights', 'database-missing', 'schema-missing', 'schema-newer', 'setting']);

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export interface TeamListenerOptions {
  /** Opens a new connection (with its connect timeout): the listener owns it and ends it. */
  connect(): Promise<Client>;
  /** A change on the server, as notified. */
  onChange(change: TeamChange): void;
  /** Subscribed, the first time (`reconnected` false) or again after a drop: changes made meanwhile were never notified. */
  onListening(reconnected: boolean): void;
  onState(state: ListenState): void;
  backoff?: Backoff;
  /** How often an idle connection is checked: a dropped network sends nothing, so only a query notices. */
  heartbeatMs?: number;
}

const DEFAULT_BACKOFF: Backoff = { firstMs: 500, maxMs: 30_000 };
const DEFAULT_HEARTBEAT_MS = 15_000;

/** The delay before attempt `attempt` (1 is the first retry): doubling from firstMs up to maxMs. */
export function retryDelay(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, attempt - 1));
}

/** One LISTEN connection that reconnects until closed. */
export class TeamListener {
  private client: Client | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private attempt = 0;
  private listenedBefore = false;
  private closed = false;
  private readonly backoff: Backoff;
  private readonly heartbeatMs: number;

  constructor(private readonly options: TeamListenerOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  }

  start(): void {
    clearTimeout(this.retry);
    this.attempt = 0;
    void this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.drop();
    this.options.onState({ kind: 'closed' });
    if (client) await closeTeamClient(client);
  }

  private async open(): Promise<void> {
    if (this.closed) return;
    this.options.onState({ kind: 'connecting' });
    let client: Client | undefined;
    try {
      client = await this.options.connect();
      client.on('notification', (message: Notification) => this.notified(message));
      client.on('error', (error: Error) => this.lost(client!, error));
      client.on('end', () => this.lost(client!, new Error('the server closed the connection')));
      await client.query(`LISTEN ${TEAM_CHANNEL}`);
    } catch (error) {
      await client?.end().catch(() => undefined); // it failed before it was ours to keep
      this.scheduleRetry(error);
      return;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
    this.attempt = 0;
    this.heartbeat = setInterval(() => void this.check(client), this.heartbeatMs);
    this.options.onState({ kind: 'listening' });
    this.options.onListening(this.listenedBefore);
    this.listenedBefore = true;
  }

  private notified(message: Notification): void {
    if (message.channel !== TEAM_CHANNEL) return;
    const change = parseTeamChange(message.payload);
    if (change) this.options.onChange(change);
  }

  /** A query on the idle connection: one unanswered within the heartbeat counts as a drop. */
  private async check(client: Client): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the server stopped answering')), this.heartbeatMs);
    });
    try {
      await Promise.race([client.query('SELECT 1'), timeout]);
    } catch (error) {
      this.lost(client, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(client: Client, error: unknown): void {
    if (this.closed || client !== this.client) return; // an old connection's last words
    this.drop();
    destroyTeamClient(client); // the connection is gone already: a goodbye would wait for an answer that never comes
    this.scheduleRetry(error);
  }

  /** Forgets the current connection (its events are ignored from now on) and returns it. */
  private drop(): Client | undefined {
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    return client;
  }

  private scheduleRetry(error: unknown): void {
    if (this.closed) return;
    const errorKind = teamErrorKind(error);
    if (PERMANENT.has(errorKind)) {
      this.options.onState({ kind: 'stopped', error: explainTeamError(error), errorKind });
      return;
    }
    this.attempt += 1;
    const retryInMs = retryDelay(this.backoff, this.attempt);
    this.options.onState({ kind: 'offline', error: explainTeamError(error), errorKind, attempt: this.attempt, retryInMs });
    this.retry = setTimeout(() => void this.open(), retryInMs);
  }
}
