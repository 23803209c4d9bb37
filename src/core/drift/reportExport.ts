import { byDriftScore, formatShare, sharesOf, statTestTitle } from '../../common/driftColumns';
import { escapeHtml } from '../../common/escapeHtml';
import { formatNumber } from '../../common/format';
import { markdownText } from '../../common/markdownText';
import type { ColumnKind } from '../profile/types';
import type { ColumnDrift, Distribution, DriftReport } from './types';

/**
 * The drift report as files: JSON (the report itself), Markdown (the verdict, a table of the
 * columns, the findings) for notes and pull requests, and one self-contained HTML page (inline
 * styles and SVG charts, no script) to attach or archive. Every name and message of the report is
 * text in each: escaped for HTML, and for Markdown so that it cannot become a link, markup or HTML.
 */

/** The words of an export, in the display language (the extension fills them with vscode.l10n.t). */
export interface DriftReportText {
  title: string;
  datasetDrift: string;
  noDatasetDrift: string;
  /** "{drifted} of {total} columns drifted ({share}); dataset drift from {threshold}". */
  driftedColumns(drifted: number, total: number, share: string, threshold: string): string;
  reference: string;
  current: string;
  rows(count: number): string;
  checkedAt: string;
  /** Said when any figure is estimated from a sample (those figures are marked ≈). */
  estimated: string;
  findings: string;
  columns: string;
  distributions: string;
  column: string;
  kind: string;
  test: string;
  statistic: string;
  pValue: string;
  threshold: string;
  verdict: string;
  drift: string;
  noDrift: string;
  kinds: Record<ColumnKind, string>;
  noColumns: string;
}

export function driftReportJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function driftReportMarkdown(report: DriftReport, text: DriftReportText): string {
  const columns = byDriftScore(report.columns);
  const lines = [`# ${markdownText(text.title)}`, '', `**${markdownText(verdictOf(report, text))}**: ${markdownText(summaryOf(report, text))}`, ''];
  for (const [label, side, rows] of sides(report, text)) lines.push(`- ${markdownText(label)}: ${markdownText(side)} (${markdownText(text.rows(rows))})`);
  lines.push(`- ${markdownText(text.checkedAt)}: ${markdownText(checkedText(report.checkedAt))}`);
  if (report.columns.some((c) => c.estimated)) lines.push('', `_${markdownText(text.estimated)}_`);
  lines.push('', `## ${markdownText(text.columns)}`, '');
  if (columns.length === 0) lines.push(`_${markdownText(text.noColumns)}_`);
  else {
    const header = [text.column, text.kind, text.test, text.statistic, text.pValue, text.threshold, text.verdict];
    lines.push(`| ${header.map(markdownText).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
    for (const row of columns.map((c) => columnCells(c, text))) lines.push(`| ${row.map(markdownText).join(' | ')} |`);
  }
  if (report.findings.length > 0) {
    lines.push('', `## ${markdownText(text.findings)}`, '');
    for (const f of report.findings) lines.push(`- \`${f.kind}\` **${markdownText(f.column)}**: ${markdownText(f.message)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function driftReportHtml(report: DriftReport, text: DriftReportText): string {
  const columns = byDriftScore(report.columns);
  const sideItems = sides(report, text).map(([label, side, rows]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(side)} (${escapeHtml(text.rows(rows))})</dd>`);
  const header = [text.column, text.kind, text.test, text.statistic, text.pValue, text.threshold, text.verdict].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const rows = columns.map((c) => `<tr class="${c.drift ? 'drift' : ''}">${columnCells(c, text).map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`);
  const findings = report.findings.map((f) => `<li><code>${escapeHtml(f.kind)}</code> <strong>${escapeHtml(f.column)}</strong>: ${escapeHtml(f.message)}</li>`);
  const charts = columns.map((c) => `<figure><figcaption>${escapeHtml(c.name)}${c.drift ? ` <span class="verdict drift">${escapeHtml(text.drift)}</span>` : ''}</figcaption>${distributionSvg(c.distribution, `${c.name}: ${text.reference} / ${text.current}`)}</figure>`);
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(text.title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<h1>${escapeHtml(text.title)}</h1>
<p class="verdict ${report.datasetDrift ? 'drift' : 'ok'}"><strong>${escapeHtml(verdictOf(report, text))}</strong>: ${escapeHtml(summaryOf(report, text))}</p>
<dl>${sideItems.join('')}<dt>${escapeHtml(text.checkedAt)}</dt><dd>${escapeHtml(checkedText(report.checkedAt))}</dd></dl>
${report.columns.some((c) => c.estimated) ? `<p class="note">${escapeHtml(text.estimated)}</p>` : ''}
${report.findings.length > 0 ? `<h2>${escapeHtml(text.findings)}</h2>\n<ul>${findings.join('\n')}</ul>` : ''}
<h2>${escapeHtml(text.columns)}</h2>
${columns.length === 0 ? `<p>${escapeHtml(text.noColumns)}</p>` : `<table><thead><tr>${header}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`}
${columns.length === 0 ? '' : `<h2>${escapeHtml(text.distributions)}</h2>\n<p class="legend"><span class="swatch reference"></span>${escapeHtml(text.reference)} <span class="swatch current"></span>${escapeHtml(text.current)}</p>\n<div class="charts">${charts.join('\n')}</div>`}
</body>
</html>
`;
}

function verdictOf(report: DriftReport, text: DriftReportText): string {
  return report.datasetDrift ? text.datasetDrift : text.noDatasetDrift;
}

function summaryOf(report: DriftReport, text: DriftReportText): string {
  const drifted = report.columns.filter((c) => c.drift).length;
  return text.driftedColumns(drifted, report.columns.length, formatShare(report.driftShare), formatShare(report.shareThreshold));
}

function sides(report: DriftReport, text: DriftReportText): [label: string, side: string, rows: number][] {
  const side = (s: DriftReport['reference']) => (s.sha256 ? `${s.label} (sha256 ${s.sha256.slice(0, 12)})` : s.label);
  return [
    [text.reference, side(report.reference), report.rows.reference],
    [text.current, side(report.current), report.rows.current],
  ];
}

function checkedText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A column's row of the table: name, kind, test, statistic (≈ when estimated), p-value or —, threshold, verdict. */
function columnCells(c: ColumnDrift, text: DriftReportText): string[] {
  const approx = c.estimated ? '≈ ' : '';
  return [c.name, text.kinds[c.kind], statTestTitle(c.test), `${approx}${formatNumber(c.statistic)}`, c.pValue === null ? '—' : `${approx}${formatNumber(c.pValue)}`, formatNumber(c.threshold), c.drift ? text.drift : text.noDrift];
}


const CHART = { width: 360, height: 120, pad: 4 };

/** The two sides' shares overlaid, as the panel draws them: histogram bins on shared edges, or categories side by side. */
function distributionSvg(distribution: Distribution, label: string): string {
  const reference = sharesOf(distribution.reference);
  const current = sharesOf(distribution.current);
  const bars = reference.length;
  if (bars === 0) return '';
  const top = Math.max(...reference, ...current) || 1;
  const plotHeight = CHART.height - 2 * CHART.pad;
  const slot = (CHART.width - 2 * CHART.pad) / bars;
  const y = (share: number) => CHART.pad + plotHeight * (1 - share / top);
  const titles = barTitles(distribution);
  const shapes: string[] = [];
  for (let i = 0; i < bars; i++) {
    const x = CHART.pad + i * slot;
    const tip = `<title>${escapeHtml(`${titles[i]}: ${formatShare(reference[i]!)} / ${formatShare(current[i]!)}`)}</title>`;
    if (distribution.kind === 'histogram') {
      shapes.push(`<rect class="reference" x="${fixed(x)}" y="${fixed(y(reference[i]!))}" width="${fixed(slot)}" height="${fixed(CHART.pad + plotHeight - y(reference[i]!))}">${tip}</rect>`);
    } else {
      const width = slot * 0.4;
      shapes.push(`<rect class="reference" x="${fixed(x + slot * 0.1)}" y="${fixed(y(reference[i]!))}" width="${fixed(width)}" height="${fixed(CHART.pad + plotHeight - y(reference[i]!))}">${tip}</rect>`);
      shapes.push(`<rect class="current" x="${fixed(x + slot * 0.5)}" y="${fixed(y(current[i]!))}" width="${fixed(width)}" height="${fixed(CHART.pad + plotHeight - y(current[i]!))}">${tip}</rect>`);
    }
  }
  if (distribution.kind === 'histogram') {
    // The current side as a step line over the reference's bars.
    const steps = current.flatMap((share, i) => [`${fixed(CHART.pad + i * slot)},${fixed(y(share))}`, `${fixed(CHART.pad + (i + 1) * slot)},${fixed(y(share))}`]);
    shapes.push(`<polyline class="current-line" points="${steps.join(' ')}"/>`);
  }
  const axis = distribution.kind === 'histogram' ? `<p class="axis"><span>${escapeHtml(formatNumber(distribution.edges[0]))}</span><span>${escapeHtml(formatNumber(distribution.edges.at(-1)))}</span></p>` : `<p class="axis categories">${titles.map((t) => `<span>${escapeHtml(t)}</span>`).join('')}</p>`;
  return `<svg viewBox="0 0 ${CHART.width} ${CHART.height}" width="${CHART.width}" height="${CHART.height}" role="img" aria-label="${escapeHtml(label)}">${shapes.join('')}</svg>${axis}`;
}

function barTitles(distribution: Distribution): string[] {
  if (distribution.kind === 'categories') return distribution.categories;
  return distribution.reference.map((_, i) => `${formatNumber(distribution.edges[i])} – ${formatNumber(distribution.edges[i + 1])}`);
}

function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Light and dark by the reader's system setting; the verdict in red or green, the sides in blue and orange. */
const HTML_STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1f1f1f; background: #fff; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.5em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; } dt { color: #666; } dd { margin: 0; overflow-wrap: anywhere; }
.verdict.drift, tr.drift td:last-child { color: #c4314b; font-weight: 600; } .verdict.ok { color: #2d7d46; }
.note { font-style: italic; color: #666; }
table { border-collapse: collapse; } th, td { text-align: left; padding: 3px 10px; border-bottom: 1px solid #ddd; overflow-wrap: anywhere; }
td { font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; } figure { margin: 0; width: 360px; } figcaption { font-weight: 600; overflow-wrap: anywhere; }
.reference { fill: #1a85ff; fill-opacity: 0.45; } .current { fill: #d18616; fill-opacity: 0.8; } .current-line { fill: none; stroke: #d18616; stroke-width: 2; }
.axis { display: flex; justify-content: space-between; margin: 0; font-size: 0.85em; color: #666; } .axis.categories { justify-content: space-around; }
.axis span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: middle; }
.swatch.reference { background: #1a85ff; opacity: 0.6; } .swatch.current { background: #d18616; }
@media (prefers-color-scheme: dark) {
  body { color: #ccc; background: #1f1f1f; } dt, .note, .axis { color: #9d9d9d; } th, td { border-color: #454545; }
  .verdict.drift, tr.drift td:last-child { color: #f14c4c; } .verdict.ok { color: #89d185; }
}
`;
