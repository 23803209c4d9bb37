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
/** A start or end marker; group 1 is a start marker's id. */
const FACTS_MARKER = /<!-- model-ledger:facts ([a-z-]+) -->|<!-- \/model-ledger:facts -->/g;

/** A facts block: its id and the 0-based offsets of its start marker and of the end of its end marker. */
export interface FactsBlock {
  id: string;
  start: number;
  end: number;
}

export interface FrontMatter {
  /** The YAML document (comments and order kept, so an update rewrites only its own keys). */
  document: Document;
  /** 0-based offsets of the YAML text between the two `---` lines. */
  start: number;
  end: number;
  /** Offset just after the closing `---` line (and its line break, when it has one). */
  bodyStart: number;
}

export interface ParsedCard {
  frontMatter: FrontMatter | null;
  sections: CardSection[];
  /** What is wrong with the front matter, with its line; null when it reads. */
  error: string | null;
  /** The facts blocks in order, found outside code fences and code spans. */
  facts: FactsBlock[];
  /**
   * Markers that do not pair one start to one end within a section (an end marker deleted, a start
   * inside another block): what and where. An update refuses such a card, since it cannot tell
   * where Model Ledger's text ends and a person's begins.
   */
  factsError: string | null;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const SECTION = /^ {0,3}## +(.*?)(?:\s+#+)?\s*$/;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** An inline code span: a run of backticks closed by a run of the same length. */
const CODE_SPAN = /(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g;

export function parseCard(text: string, file: string): ParsedCard {
  const { frontMatter, error, bodyStart } = readFrontMatter(text, file);
  return { frontMatter, error, ...readBody(text, bodyStart, file) };
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
  return { frontMatter: { document, start, end, bodyStart }, error: null, bodyStart };
}

interface BodyRead {
  sections: CardSection[];
  facts: FactsBlock[];
  factsError: string | null;
}

/** The sections and facts blocks, line by line: nothing inside a code fence or code span is a heading or a marker. */
function readBody(text: string, bodyStart: number, file: string): BodyRead {
  const sections: CardSection[] = [];
  const bodies: string[] = [];
  const people: string[] = [];
  const facts: FactsBlock[] = [];
  const problems: string[] = [];
  let open: { id: string; start: number; line: number } | null = null;
  const unclosed = (where: string): void => {
    problems.push(`${file}:${open!.line}: the facts block "${open!.id}" has no end marker "${FACTS_END}" ${where}`);
    open = null;
  };
  let fence: string | null = null;
  let line = countLines(text, bodyStart);
  let offset = bodyStart;
  for (const raw of text.slice(bodyStart).split('\n')) {
    line++;
    const lineStart = offset;
    offset += raw.length + 1;
    const fenceOpen = FENCE.exec(raw);
    const inFence = fence !== null;
    if (fence !== null) {
      if (fenceOpen && fenceOpen[1]![0] === fence[0] && fenceOpen[1]!.length >= fence.length && raw.trim() === fenceOpen[1]) fence = null;
    } else if (fenceOpen) {
      fence = fenceOpen[1]!;
    }
    const heading = !inFence && fence === null ? SECTION.exec(raw) : null;
    if (heading) {
      if (open) unclosed(`before the heading on line ${line}`);
      sections.push({ title: heading[1]!.trim(), line, filled: false, personText: '' });
      bodies.push('');
      people.push('');
      continue;
    }
    let personPart = '';
    let from = 0;
    if (!inFence && fence === null) {
      for (const marker of raw.replace(CODE_SPAN, (span) => ' '.repeat(span.length)).matchAll(FACTS_MARKER)) {
        const at = marker.index;
        if (marker[1] !== undefined) {
          if (open) unclosed(`before the next start marker on line ${line}`);
          personPart += raw.slice(from, at);
          open = { id: marker[1], start: lineStart + at, line };
        } else if (open) {
          facts.push({ id: open.id, start: open.start, end: lineStart + at + marker[0].length });
          open = null;
          from = at + marker[0].length;
        } else {
          problems.push(`${file}:${line}: an end marker "${FACTS_END}" has no start marker before it in its section`);
        }
      }
    }
    if (open === null) personPart += raw.slice(from);
    if (bodies.length > 0) {
      bodies[bodies.length - 1] += `${raw}\n`;
      people[people.length - 1] += `${personPart}\n`;
    }
  }
  if (open) unclosed('before the end of the card');
  return {
    sections: sections.map((section, i) => ({
      ...section,
      filled: bodies[i]!.replace(COMMENT, '').trim() !== '',
      personText: people[i]!.replace(COMMENT, '').trim(),
    })),
    facts,
    factsError: problems.length === 0 ? null : `${problems.join('; ')}. Each "${factsBegin('…')}" needs one "${FACTS_END}" after it in the same section: put the end marker back after the facts (or remove the start marker).`,
  };
}

/** Lines before `offset` (so the next line read is that number + 1). */
function countLines(text: string, offset: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
