import type { ParseArgsConfig } from 'node:util';

export interface CliIO {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext extends CliIO {
  /** The workspace folder whose store the command works on. */
  workspace: string;
  /** Option values; an option declared `multiple` gives a list. */
  values: Record<string, string | boolean | string[] | undefined>;
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
  /** Returns an exit code other than 0 for an outcome that is not an error (drift found, for CI). */
  run(ctx: CommandContext): Promise<number | void> | number | void;
}
