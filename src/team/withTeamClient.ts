import type pg from 'pg';
import { openTeamConnection, type TeamTarget } from './connect';
import { asTeamError } from './teamErrors';
import { chooseTeamUrl } from './teamConfig';

/**
 * Runs `work` with a client of the workspace's team store (--url, else MODEL_LEDGER_TEAM_URL, else
 * `team connect`'s), closed after. A connection that drops fails the query in flight; its 'error'
 * event is heard here so that it does not end the process first. A failure the user can act on
 * (rights, row security, a lost connection…) comes out as a TeamError naming the server.
 */
export async function withTeamClient<T>(workspace: string, url: string | undefined, work: (client: pg.Client, target: TeamTarget) => Promise<T>): Promise<T> {
  const { client, target } = await openTeamConnection(chooseTeamUrl(workspace, url).url);
  client.on('error', () => undefined);
  try {
    return await work(client, target);
  } catch (error) {
    throw asTeamError(error, target);
  } finally {
    await client.end().catch(() => undefined);
  }
}
