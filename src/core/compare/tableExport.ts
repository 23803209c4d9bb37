import { formatCell } from '../../common/cellFormat';
import type { CellValue } from '../../common/cellValues';
import type { ComparisonTable, TableRow } from './comparisonTable';
import { csvRecords } from '../csvCell';

export type TableFormat = 'csv' | 'markdown';

export function exportTable(table: ComparisonTable, runNames: readonly string[], format: TableFormat): string {
  return format === 'csv' ? tableToCsv(table, runNames) : tableToMarkdown(table, runNames);
}

/**
 * RFC 4180 CSV for scripts and spreadsheets: a header of run labels (name and qualifier), a row of run ids, then one
 * record per row with its section, key and metric field apart. Values are exact (numbers in
 * JavaScript's shortest round-trip form), a missing value is an empty field, records end in CRLF;
 * every field is quoted and text that a spreadsheet would run as a formula is made text (csvCell).
 * `runNames` are in the table's column order. A metric logged once by every run has one record, its `last`.
 */
export function tableToCsv(table: ComparisonTable, runNames: readonly string[]): string {
  const records = [
    ['section', 'key', 'field', ...runNames],
    ['run', 'id', '', ...table.runIds],
    ...table.rows.map((row) => [row.section, row.key, row.field ?? '', ...row.values.map(csvValue)]),
  ];
  return csvRecords(records[0]!, records.slice(1));
}

function csvValue(value: CellValue): string {
  return value === null ? '' : String(value);
}

/**
 * A GitHub-flavoured Markdown table for notes and pull requests: values formatted as the panel
 * shows them, the best value of a row in bold, a missing value as "—".
 */
export function tableToMarkdown(table: ComparisonTable, runNames: readonly string[]): string {
  const lines = [
    `| ${['', ...runNames].map(markdownCell).join(' | ')} |`,
    `|${['---', ...runNames.map(() => '---')].join('|')}|`,
    ...table.rows.map((row) => `| ${[rowLabel(row), ...row.values.map((v, i) => markedValue(row, v, i))].map(markdownCell).join(' | ')} |`),
  ];
  return lines.join('\n') + '\n';
}

function rowLabel(row: TableRow): string {
  if (row.section === 'run') return row.key;
  return row.field && !row.loggedOnce ? `${row.section}: ${row.key} (${row.field === 'bestStep' ? 'best step' : row.field})` : `${row.section}: ${row.key}`;
}

function markedValue(row: TableRow, value: CellValue, column: number): string {
  const text = formatCell(value, row.format);
  return row.best.includes(column) ? `**${text}**` : text;
}

/** A pipe would end the cell and a line break the row; a backslash is escaped first so that it cannot escape them. */
function markdownCell(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r\n|\r|\n/g, '<br>');
}
