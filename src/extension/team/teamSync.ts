import type { Store } from '../../store/store';
import type { TeamPoints, TeamPointsRequest } from '../compare/teamZoom';
import { closeTeamClient, destroyTeamClient, explainTeamError, openTeamClient, teamErrorKind, type TeamErrorKind } from '../../team/connect';
import { fetchPoints } from '../../team/points';
import { pullFromTeam } from '../../team/pull';
import { pushToTeam } from '../../team/push';

export type TeamClient = Awaited<ReturnType<typeof openTeamClient>>;

/** What the extension asks of the team store's code (src/team): a session takes it whole, so one place wires it. */
export interface TeamSync {
  open(url: string, password: string | undefined): Promise<TeamClient>;
  /** Ends a client, destroying it when the server does not answer (a dropped network); never rejects. */
  close(client: TeamClient): Promise<void>;
  /** Closes a client at once: its pending queries fail. */
  destroy(client: TeamClient): void;
  /** A failure as the user should read it: what went wrong and what to do. */
  explain(error: unknown): string;
  /** The failure's kind: a refused right means read-only, not offline. */
  kind(error: unknown): TeamErrorKind;
  /** Pushes what the store has that the server lacks: how many runs went up, and what was refused (a param changed after it was pushed), one sentence each. */
  push(client: TeamClient, store: Store, signal: AbortSignal): Promise<{ runs: number; conflicts: string[] }>;
  /** Pulls the team's runs, summaries and coarse pyramid levels; how many runs changed here. */
  pull(client: TeamClient, store: Store, signal: AbortSignal): Promise<number>;
  /** Full-resolution points of a pulled series for the compare panel's zoom. */
  points(client: TeamClient, request: TeamPointsRequest): Promise<TeamPoints>;
  /** Whether the run was logged here (not pulled from a teammate). */
  isLocalRun(store: Store, runId: string): boolean;
}

export const teamSync: TeamSync = {
  open: (url, password) => openTeamClient(url, password === undefined ? {} : { password }),
  close: (client) => closeTeamClient(client),
  destroy: destroyTeamClient,
  explain: (error) => explainTeamError(error),
  kind: teamErrorKind,
  push: async (client, store, signal) => {
    const report = await pushToTeam(client, store, { signal });
    return { runs: report.runsPushed, conflicts: report.conflicts };
  },
  pull: async (client, store, signal) => {
    const report = await pullFromTeam(client, store, { signal });
    return report.runsPulled + report.runsAnnotated;
  },
  points: async (client, request) => {
    const { points, truncated } = await fetchPoints(client, request);
    return { steps: points.map((p) => p.step), values: points.map((p) => p.value), truncated };
  },
  isLocalRun: (store, runId) => {
    const run = store.runs.get(runId);
    return run !== undefined && run.owner === undefined;
  },
};
