/**
 * A CSV field (RFC 4180) that a spreadsheet shows as text. A cell starting with =, +, -, @, a
 * tab or a carriage return would be read as a formula (CSV injection, OWASP): it gets a leading
 * apostrophe. Quoted only when it must be: a comma, a double quote (doubled) or a line break.
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Records as CSV with CRLF line ends, the header first. */
export function csvRecords(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((fields) => fields.map(csvCell).join(',') + '\r\n').join('');
}
