import { failedRuleNames, failedRules, type GateResult } from './gateResult';

/** "churn v3.1.0 → prod": how a gate names the promotion it gates. */
export function gateTitle(result: Pick<GateResult, 'model' | 'version' | 'stage'>): string {
  return `${result.model} ${result.version} → ${result.stage}`;
}

/** One line: the outcome and the failed rules, for a notification or an error's last line. */
export function gateSummary(result: GateResult): string {
  const failed = failedRules(result);
  switch (result.outcome) {
    case 'none':
      return `${gateTitle(result)}: no gate (${result.note ?? 'no rules'})`;
    case 'pass':
      return `${gateTitle(result)}: the gate passed (${result.rules.length} rule${result.rules.length === 1 ? '' : 's'})`;
    case 'override':
      return `${gateTitle(result)}: the gate failed (${failedRuleNames(result).join(', ')}) and was overridden: ${result.override?.reason ?? ''}`;
    case 'fail':
      return `${gateTitle(result)}: refused by the gate, ${failed.length} of ${result.rules.length} rule${result.rules.length === 1 ? '' : 's'} failed (${failedRuleNames(result).join(', ')})`;
  }
}

/** Every rule, one a line, PASS or FAIL with why and where the policy sets it: for the terminal. */
export function gateReportText(result: GateResult): string {
  const lines = [gateSummary(result)];
  if (result.policy) lines.push(`policy: ${result.policy.file}${result.policy.pattern !== null ? `, model pattern "${result.policy.pattern}"` : ''}${result.policy.line !== null ? ` (line ${result.policy.line})` : ''}`);
  for (const r of result.rules) lines.push(`  ${r.pass ? 'PASS' : 'FAIL'}  ${r.rule.padEnd(13)} ${r.detail}${r.line !== null ? `  [line ${r.line}]` : ''}`);
  if (result.outcome === 'fail') {
    lines.push(result.overridable ? 'The policy allows an override: run again with --force --reason "why".' : 'The policy does not allow an override for this stage.');
  }
  if (result.override) lines.push(`override by ${result.override.by ?? 'unknown'}: ${result.override.reason}`);
  return lines.join('\n') + '\n';
}

/** The gate report as a Markdown document (the editor's gate report). */
export function gateReportMarkdown(result: GateResult): string {
  const lines = [`# Gate: ${escape(gateTitle(result))}`, '', `**${escape(gateSummary(result))}**`, ''];
  if (result.note) lines.push(escape(result.note), '');
  if (result.policy) {
    lines.push(`Policy: \`${result.policy.file}\`${result.policy.pattern !== null ? `, model pattern \`${result.policy.pattern}\`` : ''}${result.policy.line !== null ? ` (line ${result.policy.line})` : ''}`, '');
  }
  if (result.rules.length > 0) {
    lines.push('| Rule | Result | Why | Line |', '| --- | --- | --- | --- |');
    for (const r of result.rules) lines.push(`| ${r.rule} | ${r.pass ? 'pass' : '**FAIL**'} | ${escape(r.detail)} | ${r.line ?? ''} |`);
    lines.push('');
  }
  if (result.outcome === 'fail') lines.push(result.overridable ? 'The policy allows an override for this stage ("Promote Anyway…", or `--force --reason`).' : 'The policy does not allow an override for this stage.', '');
  if (result.override) lines.push(`Overridden by ${escape(result.override.by ?? 'unknown')}: ${escape(result.override.reason)}`, '');
  return lines.join('\n');
}

function escape(text: string): string {
  return text.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}
