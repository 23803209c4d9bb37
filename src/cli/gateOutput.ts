import { gateReportText } from '../core/governance/gateReport';
import { UserError } from '../core/errors';
import { isGateRefusal, type ForceOption } from '../registry/registry';
import type { CommandContext } from './command';
import { printable } from './table';

/** Exit code of a gate that fails: `check` that does not pass, a stage change refused by its gate. */
export const EXIT_GATE_FAILED = 4;

export const FORCE_OPTIONS = { force: { type: 'boolean' }, reason: { type: 'string' } } as const;

export const FORCE_DETAILS = [
  '--force          go through a failing gate; only where policy.yaml says override: true for the stage',
  '--reason TEXT    with --force: why (recorded in the stage tag and the audit log)',
  'A stage change is gated by .modelledger/policy.yaml: when a rule fails, every rule is listed with',
  'why, nothing is written, and the exit code is 4.',
];

/** The --force/--reason pair, checked: a reason without --force, or --force without a reason, is a mistake. */
export function forceOption(ctx: CommandContext): ForceOption | undefined {
  const reason = ctx.values.reason as string | undefined;
  if (!ctx.values.force) {
    if (reason !== undefined) throw new UserError('--reason goes with --force: it says why a failing gate is overridden.');
    return undefined;
  }
  if (reason === undefined || reason.trim() === '') throw new UserError('--force needs --reason "why": the reason is recorded in the stage tag and the audit log.');
  return { reason };
}

/**
 * Runs a stage change; a refusal by its gate prints every rule (pass or fail, with why) and exits
 * 4, so CI can tell a refused promotion from a mistake.
 */
export async function gatedChange(ctx: CommandContext, command: string, change: () => Promise<void>): Promise<number | void> {
  try {
    await change();
  } catch (error) {
    if (!isGateRefusal(error)) throw error;
    ctx.err(printableLines(gateReportText(error.result)));
    const { model, version, stage, overridable } = error.result;
    const gate = `the gate of ${printable(model)} ${printable(version)} → ${printable(stage)}`;
    ctx.err(
      error.forceRefused
        ? `model-ledger ${command}: not forced: the policy does not allow an override of ${gate} (override: true); nothing was written.\n`
        : `model-ledger ${command}: refused by ${gate}; nothing was written${overridable ? ' (the policy allows --force --reason "…")' : ''}.\n`,
    );
    return EXIT_GATE_FAILED;
  }
}

export function printableLines(text: string): string {
  return text
    .split('\n')
    .map((line) => printable(line))
    .join('\n');
}
