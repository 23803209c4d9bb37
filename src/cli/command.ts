import type { ParseArgsConfig } from 'node:util';

export interface CliIO {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext extends CliIO {
  /** The workspace folder whose store the command works on. */
  workspace: string;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Extra lines for --help: options and examples. */
  details: string[];
  options: NonNullable<ParseArgsConfig['options']>;
  positionals?: { min: number; max: number };
  /** Settles with the exit code when it is not 0 (such as 3 for drift with --fail-on-drift). */
  run(ctx: CommandContext): Promise<void | number> | void | number;
}
