import type { Command, CommandContext } from '../command';

/** One verb of `model-ledger team` (connect, status, disconnect, init, push, pull): a file each. */
export interface TeamVerb {
  name: string;
  summary: string;
  /** Usage after "model-ledger team". */
  usage: string;
  /** Extra --help lines for this verb's options. */
  details: string[];
  options: Command['options'];
  arguments: { min: number; max: number };
  /** `args` are the positionals after the verb. */
  run(ctx: CommandContext, args: string[]): Promise<number | void> | number | void;
}
