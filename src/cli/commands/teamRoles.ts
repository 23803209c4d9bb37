import { withTeamClient } from '../../team/connect';
import { applyTeamRoles, READER_ROLE, TEAM_ROLES_SQL, WRITER_ROLE } from '../../team/roles';
import { requireCurrentTeamSchema } from '../../team/schema/migrate';
import { chooseTeamUrl } from '../../team/teamConfig';
import type { TeamVerb } from './teamVerb';

/** `team roles`: the reader and writer roles and row-level security, applied by the schema's owner, or printed for an administrator. */
export const teamRolesVerb: TeamVerb = {
  name: 'roles',
  summary: `Create the ${READER_ROLE} and ${WRITER_ROLE} roles, their grants and row-level security (as the schema's owner), or print the SQL.`,
  usage: 'roles [--url URL] [--print]',
  details: ['--print     print the SQL instead (for an administrator to run with psql); docs/team-store.md explains it'],
  options: { url: { type: 'string' }, print: { type: 'boolean' } },
  arguments: { min: 0, max: 0 },
  async run(ctx) {
    if (ctx.values.print) {
      ctx.out(TEAM_ROLES_SQL);
      return;
    }
    const choice = chooseTeamUrl(ctx.workspace, ctx.values.url as string | undefined);
    const target = await withTeamClient(choice.url, async ({ client, target }) => {
      await requireCurrentTeamSchema(client);
      await applyTeamRoles(client);
      return target;
    });
    ctx.out(`Roles ready on ${target.label}: ${READER_ROLE} (pull), ${WRITER_ROLE} (pull and push), row-level security on run annotations.\nGive a person one: GRANT ${WRITER_ROLE} TO alice;  (docs/team-store.md, "Roles")\n`);
  },
};
