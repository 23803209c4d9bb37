/** Text made safe inside HTML, in an element or a quoted attribute: every character that could end either is a character reference. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
