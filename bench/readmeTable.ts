import * as fs from 'node:fs';
import { describeGoal, describeMachine, fmt, goalMet, type BenchReport, type BenchResult } from './report';

const TABLE_START = '<!-- bench:scale-table:start (written by `npm run bench:readme` from bench/results.json) -->';
const TABLE_END = '<!-- bench:scale-table:end -->';

/** The README's performance table: every result of bench/results.json measured at scales. */
function renderScaleTable(report: BenchReport): string {
  const scaled = report.results.filter((r) => r.scales && r.scales.length > 0);
  if (scaled.length === 0) return '_No scale run yet: `npm run bench -- scale` fills this table._';
  const rows = scaled.map((r) => {
    const met = goalMet(r);
    const cells = [`\`${r.name}\``, ...[1, 10, 100].map((scale) => figure(r, scale)), r.growth ? `${r.growth.kind} (${r.growth.slope ?? '—'})` : '—', r.goal ? describeGoal(r.goal) : '—', met === undefined ? '—' : met ? 'yes' : '**no**'];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    '| goal | 1× | 10× (the goal\'s volume) | 100× | growth (log-log slope) | goal | met |',
    '|---|---:|---:|---:|---|---|---|',
    ...rows,
    '',
    `Measured on ${describeMachine(report.machine)}. Each figure is the value (its baseline from the same run in brackets); what each measures, its volumes and any skipped scale are in the result's note in \`bench/results.json\`.`,
  ].join('\n');
}

function figure(r: BenchResult, scale: number): string {
  const at = r.scales!.find((s) => s.scale === scale);
  if (at) return `${fmt(at.value)} ${r.unit} (${fmt(at.baseline)})`;
  return r.skipped?.some((s) => s.scale === scale) ? 'skipped' : '—';
}

/** Writes the table between the README's markers; says what it did. */
export function updateReadme(readmeFile: string, report: BenchReport): string {
  const text = fs.readFileSync(readmeFile, 'utf8');
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${readmeFile} has no performance table markers: put "${TABLE_START}" and "${TABLE_END}" where the table goes`);
  const updated = `${text.slice(0, start + TABLE_START.length)}\n${renderScaleTable(report)}\n${text.slice(end)}`;
  if (updated === text) return 'unchanged';
  fs.writeFileSync(readmeFile, updated);
  return `written to ${readmeFile}`;
}
