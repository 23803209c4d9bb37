/** A number as JavaScript writes it: the one kind of cell that may start with + or -. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A CSV field (RFC 4180) that a spreadsheet shows as text (CSV injection, OWASP): a cell that is
 * not a number and starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe,
 * and every field is quoted, so a spreadsheet that splits on another separator (";" in many
 * locales) cannot cut a cell into a formula either.
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !NUMBER.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** Records as CSV with CRLF line ends, the header first. */
export function csvRecords(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((fields) => fields.map(csvCell).join(',') + '\r\n').join('');
}
