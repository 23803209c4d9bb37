/**
 * Text shown as it is inside a Markdown line: inline markup (and a table's pipe) is
 * backslash-escaped, what starts HTML becomes character references, line breaks become spaces.
 * Text never starts a line here, so block markup (`#`, `-`, `1.`) needs no escape.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/\r\n|\r|\n/g, ' ');
}

/**
 * Several lines of text as Markdown paragraphs that show it as it is: each line escaped as
 * markdownText does, and a line that would start a heading, quote, list or rule escaped at its start.
 */
export function markdownParagraphs(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const escaped = markdownText(line.trim());
      return /^(?:[#>+=-]|\d+[.)])/.test(escaped) ? `\\${escaped}` : escaped;
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
