import { isMap, LineCounter, parseDocument, type Document } from 'yaml';

/**
 * Reading a model card's Markdown: the YAML front matter between `---` lines, then its `## `
 * sections. HTML comments are not text a reader sees (the prompts for a person and the markers
 * around facts are comments), so a section is filled when it holds anything else.
 */

export interface CardSection {
  title: string;
  /** 1-based line of the `## ` heading. */
  line: number;
  /** Holds text besides comments (facts Model Ledger wrote count: they are text a reader sees). */
  filled: boolean;
  /** What a person wrote under the heading: the section without comments and facts blocks, trimmed. */
  personText: string;
}

/** The markers around a block Model Ledger owns and rewrites: `<!-- model-ledger:facts ID -->` … `<!-- /model-ledger:facts -->`. */
export const factsBegin = (id: string): string => `<!-- model-ledger:facts ${id} -->`;
export const FACTS_END = '<!-- /model-ledger:facts -->';
/** Every facts block; group 1 is its id. */
export const FACTS_BLOCK = /<!-- model-ledger:facts ([a-z-]+) -->[\s\S]*?<!-- \/model-ledger:facts -->/g;

export interface FrontMatter {
  /** The YAML document (comments and order kept, so an update rewrites only its own keys). */
  document: Document;
  /** 0-based offsets of the YAML text between the two `---` lines. */
  start: number;
  end: number;
}

export interface ParsedCard {
  frontMatter: FrontMatter | null;
  sections: CardSection[];
  /** What is wrong with the front matter, with its line; null when it reads. */
  error: string | null;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const SECTION = /^ {0,3}## +(.*?)(?:\s+#+)?\s*$/;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

export function parseCard(text: string, file: string): ParsedCard {
  const { frontMatter, error, bodyStart } = readFrontMatter(text, file);
  return { frontMatter, error, sections: readSections(text, bodyStart) };
}

interface FrontMatterRead {
  frontMatter: FrontMatter | null;
  error: string | null;
  /** Offset where the Markdown body begins. */
  bodyStart: number;
}

function readFrontMatter(text: string, file: string): FrontMatterRead {
  const opening = /^\uFEFF?---[ \t]*\r?\n/.exec(text);
  if (!opening) return { frontMatter: null, error: null, bodyStart: 0 };
  const start = opening[0].length;
  const closing = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
  closing.lastIndex = 0;
  const rest = text.slice(start);
  const close = closing.exec(rest);
  if (!close) {
    return { frontMatter: null, error: `${file}:1: the front matter opened by "---" on line 1 has no closing "---" line; add one after the YAML.`, bodyStart: 0 };
  }
  const end = start + close.index;
  const bodyStart = end + close[0].length;
  const lines = new LineCounter();
  const document = parseDocument(text.slice(start, end), { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  // The YAML starts on line 2 of the file.
  const lineOf = (offset: number): number => lines.linePos(offset).line + 1;
  const first = document.errors[0];
  if (first) {
    const message = first.message.split('\n')[0];
    return { frontMatter: null, error: `${file}:${lineOf(first.pos[0])}: the front matter is not valid YAML: ${message}`, bodyStart };
  }
  const contents = document.contents;
  if (contents !== null && !isMap(contents)) {
    return { frontMatter: null, error: `${file}:2: the front matter should be a YAML mapping (key: value lines), such as "license: mit".`, bodyStart };
  }
  return { frontMatter: { document, start, end }, error: null, bodyStart };
}

function readSections(text: string, bodyStart: number): CardSection[] {
  const sections: CardSection[] = [];
  const bodies: string[] = [];
  let fence: string | null = null;
  let line = countLines(text, bodyStart);
  for (const raw of text.slice(bodyStart).split('\n')) {
    line++;
    const fenceOpen = FENCE.exec(raw);
    if (fence !== null) {
      if (fenceOpen && fenceOpen[1]![0] === fence[0] && fenceOpen[1]!.length >= fence.length && raw.trim() === fenceOpen[1]) fence = null;
      if (bodies.length > 0) bodies[bodies.length - 1] += `${raw}\n`;
      continue;
    }
    if (fenceOpen) fence = fenceOpen[1]!;
    const heading = fence === null ? SECTION.exec(raw) : null;
    if (heading) {
      sections.push({ title: heading[1]!.trim(), line, filled: false, personText: '' });
      bodies.push('');
    } else if (bodies.length > 0) {
      bodies[bodies.length - 1] += `${raw}\n`;
    }
  }
  return sections.map((section, i) => ({
    ...section,
    filled: bodies[i]!.replace(COMMENT, '').trim() !== '',
    personText: bodies[i]!.replace(FACTS_BLOCK, '').replace(COMMENT, '').trim(),
  }));
}

/** Lines before `offset` (so the next line read is that number + 1). */
function countLines(text: string, offset: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
