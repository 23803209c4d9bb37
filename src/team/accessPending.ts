// TEMPORARY: the connection helpers branch team-access is writing (src/team/connect.ts,
// connection.ts, connectionUrl.ts), reduced to their agreed signatures so the extension builds and
// runs against a real server meanwhile. Deleted when team-access is merged; nothing else imports it.
import pg from 'pg';
import { errorMessage } from '../core/errors';

export type TeamClient = pg.Client;

export async function openTeamClient(url: string, options: { password?: string; env?: NodeJS.ProcessEnv } = {}): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, password: options.password, connectionTimeoutMillis: 5000 });
  await client.connect();
  return client;
}

export function explainTeamError(error: unknown): string {
  return errorMessage(error);
}

/** The URL as it may be shown and saved: the password taken out. */
export function urlWithoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

export function passwordInUrl(url: string): string | undefined {
  const password = new URL(url).password;
  return password ? decodeURIComponent(password) : undefined;
}
