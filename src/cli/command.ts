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
  run(ctx: CommandContext): Promise<void> | void;
}
