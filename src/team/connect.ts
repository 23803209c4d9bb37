// Opening a connection to the team store: the one place the CLI, the extension and the sync code
// get a pg client from. Failures come out as a TeamError whose message says what to do.
import type pg from 'pg';
import { planTeamConnection, type TeamConnectionOptions, type TeamTarget } from './connection';
import { teamError } from './teamErrors';

export { asTeamError, explainTeamError, isTeamOffline, TeamError, teamErrorKind, type TeamErrorKind } from './teamErrors';
export type { TeamConnectionOptions, TeamTarget } from './connection';

export interface TeamConnection {
  client: pg.Client;
  target: TeamTarget;
}

/**
 * A connected client for `url` (libpq conventions: PGPASSWORD, ~/.pgpass, PGSSLMODE, sslmode and
 * sslrootcert in the URL; see connection.ts). Throws a TeamError. A caller that keeps the client
 * open must listen for its 'error' event (a dropped connection), or Node ends the process.
 */
export async function openTeamClient(url: string, options: TeamConnectionOptions = {}): Promise<pg.Client> {
  return (await openTeamConnection(url, options)).client;
}

/** `openTeamClient`, also saying where it connected and how TLS was checked. */
export async function openTeamConnection(url: string, options: TeamConnectionOptions = {}): Promise<TeamConnection> {
  const { target, attempts } = planTeamConnection(url, options);
  // pg (and what it requires) loads on the first connection, not with the extension.
  const { Client } = (await import('pg')).default;
  for (const [index, attempt] of attempts.entries()) {
    const client = new Client(attempt.config);
    try {
      await client.connect();
      return { client, target };
    } catch (error) {
      // A failure pg raises itself (no password to give) leaves the socket open until the server's
      // authentication timeout (a minute): close it, or a CLI process waits that long to exit.
      await client.end();
      if (index + 1 < attempts.length && attempt.retryNextWhen?.(error)) continue;
      throw teamError(error, target);
    }
  }
  throw new Error('planTeamConnection gave no configuration to try');
}


/**
 * Closes a client at once, whatever its socket's state: `end()` waits for the server's goodbye,
 * which never comes over a network that silently dropped. Its pending queries fail.
 */
export function destroyTeamClient(client: pg.Client): void {
  (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
}

/** Ends a client politely, destroying it when the server does not answer within `graceMs` (a dropped network). Never rejects. */
export async function closeTeamClient(client: pg.Client, graceMs = 1000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      destroyTeamClient(client);
      resolve();
    }, graceMs);
  });
  // A broken connection has nothing left to end: its failure was reported where it happened.
  await Promise.race([client.end().catch(() => undefined), late]);
  clearTimeout(timer);
}
