import { removeTeamConfig, teamConfigPath } from '../../team/teamConfig';
import type { TeamVerb } from './teamVerb';

/** `team disconnect`: forgets the workspace's team store; the runs pulled so far stay in the local store. */
export const teamDisconnectVerb: TeamVerb = {
  name: 'disconnect',
  summary: 'Forget this workspace\'s team store (.modelledger/team.json); pulled runs stay in the local store.',
  usage: 'disconnect',
  details: [],
  options: {},
  arguments: { min: 0, max: 0 },
  run(ctx) {
    const file = teamConfigPath(ctx.workspace);
    ctx.out(removeTeamConfig(ctx.workspace) ? `Disconnected: removed ${file}; runs pulled so far stay in the local store.\n` : `Not connected: ${file} does not exist.\n`);
  },
};
