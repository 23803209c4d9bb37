import { parseArgs } from 'node:util';
import { errorMessage, isUserError, UserError } from '../core/errors';
import { describeFileError } from '../core/fileErrors';
import type { CliIO, Command } from './command';
import { experimentsCommand } from './commands/experiments';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { initCommand } from './commands/init';
import { modelsCommand } from './commands/models';
import { profileCommand } from './commands/profile';
import { runCommand } from './commands/run';
import { runsCommand } from './commands/runs';
import { statusCommand } from './commands/status';
import { teamCommand } from './commands/team';
import { assignCommand, promoteCommand } from './commands/assign';
import { deprecateCommand } from './commands/deprecate';
import { cardCommand } from './commands/card';
import { describeCommand } from './commands/describe';
import { deregisterCommand } from './commands/deregister';
import { fetchRegistryCommand } from './commands/fetchRegistry';
import { historyCommand } from './commands/history';
import { evaluationsCommand } from './commands/evaluations';
import { makeMonitorCommand } from './commands/monitor';
import { pushRegistryCommand } from './commands/pushRegistry';
import { registerCommand } from './commands/register';
import { reviewCommand } from './commands/review';
import { rollbackCommand } from './commands/rollback';
import { unassignCommand } from './commands/unassign';
import { verifyCommand } from './commands/verify';
import { resolveCommand } from './commands/resolve';
import { checkCommand } from './commands/check';
import { auditCommand } from './commands/audit';
import { driftCommand } from './commands/drift';
import { checkDataDrift } from '../data/checkDataDrift';
import { driftEngine } from '../monitor/driftEngine';
import { printable } from './table';
import { resolveWorkspace } from './workspace';

export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_INTERNAL_ERROR = 2;

const COMMANDS: readonly Command[] = [
  initCommand,
  statusCommand,
  importCommand,
  experimentsCommand,
  runsCommand,
  runCommand,
  modelsCommand,
  evaluationsCommand,
  exportCommand,
  // Data files.
  profileCommand,
  // The git registry (GTO tags).
  registerCommand,
  assignCommand,
  promoteCommand,
  unassignCommand,
  rollbackCommand,
  deregisterCommand,
  deprecateCommand,
  historyCommand,
  checkCommand,
  verifyCommand,
  resolveCommand,
  describeCommand,
  cardCommand,
  auditCommand,
  pushRegistryCommand,
  fetchRegistryCommand,
  reviewCommand,
  driftCommand,
  // Monitoring.
  makeMonitorCommand(driftEngine(checkDataDrift)),
  // The team store on PostgreSQL.
  teamCommand,
];

const GLOBAL_OPTIONS = {
  workspace: { type: 'string', short: 'C' },
  help: { type: 'boolean', short: 'h' },
} as const;

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: model-ledger <command> [options]',
    '',
    'The model registry and experiment tracker of this repository (the store in .modelledger/).',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    '  -C, --workspace DIR  the workspace folder, an existing one (default: the nearest folder up from here with a store, else here)',
    '  -h, --help           help for a command: model-ledger <command> --help',
    '',
    'Exit codes: 0 ok; 1 a user error or a fault the user can fix (the last line says what was wrong and what to do),',
    'including an import in which a run or a source failed; 2 an internal error (a bug: please report it);',
    '3 drift found, when asked with --fail-on-drift; 4 a check failed: a gate (check), a stage change its gate refused',
    '(assign, rollback), or the audit log\'s hash chain (audit verify).',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [`Usage: ${command.usage}`, '', command.summary, '', ...command.details, '-C, --workspace DIR  the workspace folder', ''].join('\n');
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? EXIT_USER_ERROR : EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`model-ledger: unknown command "${printable(name)}"; run "model-ledger --help" for the list.\n`);
    return EXIT_USER_ERROR;
  }
  return runOneCommand(command, rest, io);
}

/** Runs one command with its arguments (after the command's name) and returns its exit code; never throws. */
export async function runOneCommand(command: Command, rest: string[], io: CliIO): Promise<number> {
  try {
    const parsed = parseCommandArgs(command, rest);
    if (parsed.values.help) {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    const workspace = resolveWorkspace(io.cwd, parsed.values.workspace as string | undefined);
    return (await command.run({ ...io, workspace, values: parsed.values, positionals: parsed.positionals })) ?? EXIT_OK;
  } catch (error) {
    if (isUserError(error)) {
      io.err(`model-ledger ${command.name}: ${oneLine(error.message)}\n`);
      return EXIT_USER_ERROR;
    }
    // A missing file or folder, a permission problem, a full disk: the user's to fix, not a bug.
    const fileError = describeFileError(error);
    if (fileError) {
      io.err(`model-ledger ${command.name}: ${oneLine(fileError)}\n`);
      return EXIT_USER_ERROR;
    }
    io.err(`model-ledger ${command.name}: internal error: ${oneLine(errorMessage(error))}\n`);
    if (process.env.MODEL_LEDGER_DEBUG) io.err(`${(error as Error).stack ?? ''}\n`);
    return EXIT_INTERNAL_ERROR;
  }
}

function parseCommandArgs(command: Command, args: string[]) {
  try {
    const parsed = parseArgs({ args, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
    const { min, max } = command.positionals ?? { min: 0, max: 0 };
    if (!parsed.values.help && (parsed.positionals.length < min || parsed.positionals.length > max)) {
      throw new UserError(`expected ${min === max ? min : `${min} to ${max}`} argument(s), got ${parsed.positionals.length}; usage: ${command.usage}`);
    }
    return parsed;
  } catch (error) {
    if (isUserError(error)) throw error;
    // parseArgs names the offending option; keep its words and point at --help.
    throw new UserError(`${errorMessage(error).replace(/\.?\s*To specify a positional.*$/s, '')}; see "model-ledger ${command.name} --help".`);
  }
}

function oneLine(text: string): string {
  return printable(text.replace(/\s*\n\s*/g, ' '));
}
