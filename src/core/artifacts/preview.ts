import type { MlmodelSummary } from './mlmodel';

/** Languages a text preview highlights; anything else is plain text. */
export type TextLanguage = 'json' | 'yaml' | 'python' | 'plain';

/**
 * What a preview of one artifact shows, as read on the host. An image is only named (its file is
 * served to the webview by URI, never read here); Markdown is its source, which the editor renders.
 */
export type PreviewContent =
  | { kind: 'image'; file: string; size: number }
  | { kind: 'text'; language: TextLanguage; text: string; size: number; truncated: boolean }
  /** CSV/TSV: the first rows (at most 1,000); `truncated` when the file has more. */
  | { kind: 'table'; columns: string[]; rows: string[][]; size: number; truncated: boolean }
  | { kind: 'markdown'; text: string; size: number; truncated: boolean }
  | { kind: 'html'; html: string; size: number; truncated: boolean }
  | { kind: 'mlmodel'; model: MlmodelSummary; size: number }
  /** Too big for its kind of preview: said with its size, never opened. */
  | { kind: 'tooBig'; size: number; limit: number }
  | { kind: 'binary'; size: number };
