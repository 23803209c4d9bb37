import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { driftReportHtml, driftReportJson, driftReportMarkdown, type DriftReportText } from '../../src/core/drift/reportExport';
import { parseDriftReport } from '../../src/protocol/drift';
import { seattleDriftReport } from '../../testkit/driftReports';

const HOSTILE = '<img src=x onerror=alert(1)>';
/** A name that tries Markdown: a pipe to break the table, a link, emphasis, code. */
const MARKDOWN_HOSTILE = 'wind | [click](javascript:alert(1)) *bold* `code`';

/** The words an export is given, as the extension gives them from vscode.l10n (German here, to see that they are used). */
const TEXT: DriftReportText = {
  title: 'Driftbericht',
  datasetDrift: 'Datendrift erkannt',
  noDatasetDrift: 'Keine Datendrift',
  driftedColumns: (drifted, total, share, threshold) => `${drifted} von ${total} Spalten gedriftet (${share}); Datendrift ab ${threshold}`,
  reference: 'Referenz',
  current: 'Aktuell',
  rows: (count) => `${count} Zeilen`,
  checkedAt: 'Geprüft',
  estimated: 'Mit ≈ markierte Werte sind aus einer Stichprobe geschätzt.',
  findings: 'Befunde',
  columns: 'Spalten nach Drift',
  distributions: 'Verteilungen',
  column: 'Spalte',
  kind: 'Art',
  test: 'Test',
  statistic: 'Statistik',
  pValue: 'p-Wert',
  threshold: 'Schwelle',
  verdict: 'Urteil',
  drift: 'Drift',
  noDrift: 'Kein Drift',
  kinds: { numerical: 'numerisch', categorical: 'kategorisch', boolean: 'boolesch', datetime: 'Datum', text: 'Text' },
  noColumns: 'Keine Spalte getestet.',
};

/** The cells of a GitHub Markdown table row: split at pipes that no backslash escapes. */
function cells(row: string): string[] {
  return row.slice(2, -2).split(/(?<!\\) \| /);
}

describe('drift report exports', () => {
  it('JSON is the report itself, which reads back as one', () => {
    const report = seattleDriftReport({ dropFromCurrent: ['wind'] });
    const json = driftReportJson(report);
    assert.ok(json.endsWith('}\n'));
    assert.deepEqual(parseDriftReport(JSON.parse(json)), report);
  });

  it('Markdown has the verdict, the sides, a table of the columns by score and the findings, in the words given', () => {
    const report = seattleDriftReport({ dropFromCurrent: ['wind'] });
    const md = driftReportMarkdown(report, TEXT);
    const lines = md.split('\n');
    assert.equal(lines[0], '# Driftbericht');
    const drifted = report.columns.filter((c) => c.drift).length;
    assert.match(md, new RegExp(`\\*\\*${report.datasetDrift ? 'Datendrift erkannt' : 'Keine Datendrift'}\\*\\*: ${drifted} von 4 Spalten gedriftet \\(\\d+(\\.\\d)?%\\); Datendrift ab 50%`));
    assert.ok(lines.includes(`- Referenz: seattle-weather.csv 2012–2013 (sha256 ${report.reference.sha256!.slice(0, 12)}) (731 Zeilen)`), md);
    const header = lines.indexOf('| Spalte | Art | Test | Statistik | p-Wert | Schwelle | Urteil |');
    assert.ok(header > 0, md);
    assert.equal(lines[header + 1], '|---|---|---|---|---|---|---|');
    const rows = lines.slice(header + 2, header + 2 + report.columns.length).map(cells);
    // temp_max is temp\\_max in Markdown: an underscore would start emphasis.
    const scores = rows.map((r) => report.columns.find((c) => c.name === r[0]!.replaceAll('\\_', '_'))!.score);
    assert.equal(scores.length, 4);
    assert.ok(scores.every((s, i) => i === 0 || s <= scores[i - 1]!), `by score: ${scores.join(', ')}`);
    const weather = rows.find((r) => r[0] === 'weather')!;
    assert.deepEqual(weather.slice(1, 3), ['kategorisch', 'Jensen–Shannon']);
    assert.equal(weather[4], '—', 'no p-value for a distance');
    assert.ok(lines.includes('- `missing-in-current` **wind**: Column wind is in the reference but not in the current data.'), md);
    assert.ok(lines.some((l) => l.startsWith('- `datetime-range` **date**: Reference 2012-01-01 … 2013-12-31')), md);
    assert.ok(!md.includes('≈'), 'nothing estimated');
    assert.match(driftReportMarkdown(seattleDriftReport({ referenceEvery: 2 }), TEXT), /_Mit ≈ markierte Werte sind aus einer Stichprobe geschätzt\._[\s\S]*\| ≈ /);
  });

  it('Markdown keeps hostile names as text: no HTML, no link, no emphasis, and the table keeps its columns', () => {
    const report = seattleDriftReport({ rename: { wind: HOSTILE, temp_max: MARKDOWN_HOSTILE, date: HOSTILE } });
    const md = driftReportMarkdown(report, TEXT);
    assert.ok(!md.includes('<img'), 'no tag survives');
    const row = (start: string) => md.split('\n').find((l) => l.startsWith(start))!;
    assert.deepEqual(cells(row('| &#60;img'))[0], '&#60;img src=x onerror=alert(1)&#62;');
    const tricky = cells(row('| wind \\|'));
    assert.equal(tricky.length, 7, 'the pipe does not add a column');
    assert.equal(tricky[0], 'wind \\| \\[click\\](javascript:alert(1)) \\*bold\\* \\`code\\`');
    assert.ok(md.includes('- `datetime-range` **&#60;img src=x onerror=alert(1)&#62;**:'), md);
  });

  it('HTML is one self-contained page: inline style, no script, no outside resource, an SVG chart per column', () => {
    const report = seattleDriftReport({ referenceEvery: 2 });
    const page = driftReportHtml(report, TEXT);
    assert.match(page, /^<!DOCTYPE html>\n<html>/);
    assert.ok(!/<script|<link|\s(src|href)=|url\(|@import/i.test(page), 'nothing to load, nothing to run');
    assert.equal(page.match(/<svg /g)?.length, report.columns.length);
    assert.equal(page.match(/<tr class="(drift)?">/g)?.length, report.columns.length);
    assert.match(page, /<p class="note">Mit ≈ markierte Werte/);
    assert.match(page, /<title>Driftbericht<\/title>/);
    for (const c of report.columns) assert.ok(page.includes(`<th scope="row">${c.name}</th>`), c.name);
    // The histogram's bars carry each bin's shares as tooltips; each side's shares sum to 100%.
    const tempMax = page.slice(page.indexOf('<figcaption>temp_max'));
    const tips = [...tempMax.slice(0, tempMax.indexOf('</figure>')).matchAll(/<title>[^<]*: ([\d.]+)% \/ ([\d.]+)%<\/title>/g)];
    assert.equal(tips.length, 20);
    for (const side of [1, 2]) assert.ok(Math.abs(tips.reduce((s, t) => s + Number(t[side]), 0) - 100) < 1, `side ${side} sums to 100%`);
  });

  it('HTML escapes every name, category and message, in text and in attributes', () => {
    const report = seattleDriftReport({ rename: { wind: HOSTILE, weather: `"><svg onload=alert(1)>`, date: HOSTILE } });
    const weather = report.columns.find((c) => c.distribution.kind === 'categories')!;
    if (weather.distribution.kind === 'categories') weather.distribution.categories[0] = '</title><script>alert(1)</script>';
    const page = driftReportHtml(report, { ...TEXT, title: '<b>Bericht</b>' });
    assert.ok(!page.includes('<img'), 'no img tag');
    assert.ok(!page.includes('<script'), 'no script tag');
    assert.ok(!page.includes('<b>'), 'the words given are text too');
    assert.equal(page.match(/<svg /g)?.length, report.columns.length, 'no svg but the charts');
    assert.ok(page.includes('&#60;img src=x onerror=alert(1)&#62;'));
    assert.ok(page.includes('aria-label="&#34;&#62;&#60;svg onload=alert(1)&#62;: Referenz / Aktuell"'), 'a name in an attribute cannot close it');
    assert.ok(page.includes('&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;'));
  });

  it('a report with no tested column says so in each format', () => {
    const report = { ...seattleDriftReport(), columns: [], driftShare: 0, datasetDrift: false };
    assert.match(driftReportMarkdown(report, TEXT), /_Keine Spalte getestet\._/);
    const page = driftReportHtml(report, TEXT);
    assert.match(page, /<p>Keine Spalte getestet\.<\/p>/);
    assert.ok(!page.includes('<table'));
  });
});
