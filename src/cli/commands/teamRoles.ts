import { READER_ROLE, TEAM_ROLES_SQL, WRITER_ROLE } from '../../team/roles';
import type { TeamVerb } from './teamVerb';

/** `team roles`: the roles SQL, for an administrator to read and run (`team init --roles` runs it as the schema's owner). */
export const teamRolesVerb: TeamVerb = {
  name: 'roles',
  summary: `Print the SQL of the ${READER_ROLE} and ${WRITER_ROLE} roles and row-level security, for an administrator (team init --roles runs it).`,
  usage: 'roles',
  details: ['then give each person a role: GRANT model_ledger_writer TO alice; (docs/team-store.md, "Roles")'],
  options: {},
  arguments: { min: 0, max: 0 },
  run(ctx) {
    ctx.out(TEAM_ROLES_SQL);
  },
};
