import { UserError } from '../../core/errors';
import type { Command } from '../command';
import { printable } from '../table';
import { teamConnectVerb } from './teamConnect';
import { teamDisconnectVerb } from './teamDisconnect';
import { teamInitVerb } from './teamInit';
import { teamPullVerb } from './teamPull';
import { teamPushVerb } from './teamPush';
import { teamRolesVerb } from './teamRoles';
import { teamStatusVerb } from './teamStatus';
import type { TeamVerb } from './teamVerb';

const VERBS: readonly TeamVerb[] = [teamConnectVerb, teamStatusVerb, teamDisconnectVerb, teamInitVerb, teamPushVerb, teamPullVerb, teamRolesVerb];

/** `model-ledger team VERB …`: the team store on PostgreSQL (docs/team-store.md). */
export const teamCommand: Command = {
  name: 'team',
  summary: 'The team store on PostgreSQL: connect, status, disconnect, init, push, pull, roles (docs/team-store.md).',
  usage: VERBS.map((v) => `model-ledger team ${v.usage}`).join(' | '),
  details: [
    ...VERBS.flatMap((v) => [`${v.name.padEnd(11)} ${v.summary}`, ...v.details.map((d) => `            ${d}`)]),
    'The password comes from PGPASSWORD or ~/.pgpass (libpq\'s rules), never from a file Model Ledger writes;',
    'PGSSLMODE, PGSSLROOTCERT, PGHOST, PGUSER… apply when the URL does not say.',
  ],
  options: Object.assign({}, ...VERBS.map((v) => v.options)) as Command['options'],
  positionals: { min: 1, max: Math.max(...VERBS.map((v) => v.arguments.max)) + 1 },
  run(ctx) {
    const [name, ...args] = ctx.positionals as [string, ...string[]];
    const verb = VERBS.find((v) => v.name === name);
    if (!verb) throw new UserError(`"${printable(name)}" is not a team command; use ${VERBS.map((v) => v.name).join(', ')}.`);
    const stray = Object.keys(ctx.values).find((option) => option !== 'workspace' && option !== 'help' && ctx.values[option] !== undefined && !(option in verb.options));
    if (stray) throw new UserError(`--${stray} is not an option of "team ${verb.name}"; usage: model-ledger team ${verb.usage}`);
    if (args.length < verb.arguments.min || args.length > verb.arguments.max) {
      throw new UserError(`"team ${verb.name}" takes ${verb.arguments.min === verb.arguments.max ? verb.arguments.min : `${verb.arguments.min} to ${verb.arguments.max}`} argument(s), got ${args.length}; usage: model-ledger team ${verb.usage}`);
    }
    return verb.run(ctx, args);
  },
};
