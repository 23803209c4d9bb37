import { Store } from '../../store/store';
import { withTeamClient } from '../../team/withTeamClient';
import { pgpassHost } from '../../team/teamErrors';
import { parseTeamUrl } from '../../team/connectionUrl';
import { teamConfigPath, writeTeamConfig } from '../../team/teamConfig';
import { describeAccess, readTeamStoreStatus } from '../../team/teamStatus';
import type { TeamVerb } from './teamVerb';
import { printStatusLines } from './teamStatus';

/** `team connect URL`: checks the connection, then remembers the URL (never its password) for this workspace. */
export const teamConnectVerb: TeamVerb = {
  name: 'connect',
  summary: 'Connect this workspace to a team store: check the URL, then save it, without password, in .modelledger/team.json.',
  usage: 'connect postgresql://USER@HOST[:PORT]/DATABASE[?sslmode=verify-full&sslrootcert=CA.crt]',
  details: ['a password in the URL is used for the check and not saved: keep it in PGPASSWORD or ~/.pgpass'],
  options: {},
  arguments: { min: 1, max: 1 },
  async run(ctx, [url]) {
    const hadPassword = parseTeamUrl(url!).password !== undefined;
    const { target, status } = await withTeamClient(ctx.workspace, url!, async (client, target) => ({ target, status: await readTeamStoreStatus(client) }));
    // The store folder (and its .gitignore, which keeps team.json out of git) before the file.
    Store.open(ctx.workspace).close();
    const saved = writeTeamConfig(ctx.workspace, url!);
    ctx.out(`Connected to ${target.label}.\n`);
    printStatusLines(ctx, target, status);
    ctx.out(`Saved ${saved.url} in ${teamConfigPath(ctx.workspace)}.\n`);
    if (hadPassword) {
      ctx.out(`The URL's password was used for this check and not saved: put it in PGPASSWORD or in ~/.pgpass (a line ${pgpassHost(target.host)}:${target.port}:${target.database}:${target.user}:PASSWORD, chmod 600).\n`);
    }
    if (status.schemaVersion === 0) ctx.out('This database has no team store yet: run "model-ledger team init" (as a role that may create schemas).\n');
    else if (status.access && !status.access.canRead) ctx.out(`The role cannot read the team store: ${describeAccess(status.access)}.\n`);
  },
};
