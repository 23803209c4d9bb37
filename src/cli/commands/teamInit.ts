import { applyTeamRoles } from '../../team/roles';
import { migrateTeamSchema } from '../../team/schema/migrate';
import { withTeamClient } from '../../team/withTeamClient';
import type { TeamVerb } from './teamVerb';

/** `team init`: creates or migrates the team store's schema; with --roles, its roles and row security too. */
export const teamInitVerb: TeamVerb = {
  name: 'init',
  summary: 'Create the team store (schema model_ledger) in the database, or migrate it to this version.',
  usage: 'init [--url URL] [--roles]',
  details: [
    '--roles     also create the reader and writer roles and row-level security (docs/team-store.md, "Roles")',
    'Run as a role that may create schemas; running it again changes nothing; a newer schema is refused untouched.',
  ],
  options: { url: { type: 'string' }, roles: { type: 'boolean' } },
  arguments: { min: 0, max: 0 },
  async run(ctx) {
    await withTeamClient(ctx.workspace, ctx.values.url as string | undefined, async (client, target) => {
      const { from, to } = await migrateTeamSchema(client);
      ctx.out(
        from === to
          ? `The team store at ${target.label} is at schema version ${to} already.\n`
          : from === 0
            ? `Created the team store at ${target.label} (schema version ${to}).\n`
            : `Migrated the team store at ${target.label} from schema version ${from} to ${to}.\n`,
      );
      if (ctx.values.roles) {
        await applyTeamRoles(client);
        ctx.out('Roles model_ledger_reader and model_ledger_writer and row-level security on runs and their rows are in place.\n');
      }
    });
  },
};
