/** Text as Markdown that shows it as it is: Markdown's punctuation escaped. */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
