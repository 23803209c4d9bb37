import type { Store } from '../../store/store';
import type { TeamPoints, TeamPointsRequest } from '../compare/teamZoom';
import { explainTeamError, openTeamClient } from '../../team/connect';

export type TeamClient = Awaited<ReturnType<typeof openTeamClient>>;


/** What the extension asks of the team store's code (src/team): a session takes it whole, so one place wires it. */
export interface TeamSync {
  open(url: string, password: string | undefined): Promise<TeamClient>;
  /** A failure as the user should read it: what went wrong and what to do. */
  explain(error: unknown): string;
  /** Pushes what the store has that the server lacks; how many rows went up. */
  push(client: TeamClient, store: Store): Promise<number>;
  /** Pulls the team's runs, summaries and coarse pyramid levels; how many runs changed here. */
  pull(client: TeamClient, store: Store): Promise<number>;
  /** Full-resolution points of a pulled series for the compare panel's zoom. */
  points(client: TeamClient, request: TeamPointsRequest): Promise<TeamPoints>;
  /** Whether the run was logged here (not pulled from a teammate). */
  isLocalRun(store: Store, runId: string): boolean;
}

export const teamSync: TeamSync = {
  open: (url, password) => openTeamClient(url, password === undefined ? {} : { password }),
  explain: (error) => explainTeamError(error),
  push: async () => {
    throw new Error('push: team-sync not merged yet');
  },
  pull: async () => {
    throw new Error('pull: team-sync not merged yet');
  },
  points: async () => {
    throw new Error('fetchPoints: team-sync not merged yet');
  },
  isLocalRun: (store, runId) => {
    const run = store.runs.get(runId);
    return run !== undefined && run.owner === undefined;
  },
};
