import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

/** Something wrong in a configuration file (monitor.yaml, policy.yaml), where it is. */
export interface ConfigProblem {
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  message: string;
}

export type ReportAt = (node: Node | null | undefined, message: string) => void;
export type YamlEntry = { key: Node; value: Node | null };

/** A configuration file parsed: its root node, or none when its YAML does not parse (then `problems` says where). */
export interface ConfigDocument {
  root: Node | null;
  problems: ConfigProblem[];
  /** Adds a problem at a node. */
  at: ReportAt;
  line(node: Node): number;
  column(node: Node): number;
}

export function parseConfigDocument(text: string, file: string): ConfigDocument {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = [];
  const problemAt = (offset: number, message: string): void => {
    const pos = lines.linePos(offset);
    problems.push({ file, line: pos.line, column: pos.col, message });
  };
  for (const e of doc.errors) problemAt(e.pos[0], `not valid YAML: ${e.message.split('\n')[0]}`);
  return {
    root: doc.errors.length > 0 ? null : doc.contents,
    problems,
    at: (node, message) => problemAt(node?.range?.[0] ?? 0, message),
    line: (node) => lines.linePos(node.range?.[0] ?? 0).line,
    column: (node) => lines.linePos(node.range?.[0] ?? 0).col,
  };
}

/** In line then column order, as an editor lists them. */
export function sortProblems<T extends ConfigProblem>(problems: T[]): T[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * The node readers every configuration file shares: each reports a problem where it is and
 * returns null (or nothing), so a reader goes on with the rest of the file.
 */
export class ConfigNodeReader {
  private problemCount = 0;
  /** Reports a problem at a node (counted, so a part with one can be left out). */
  protected readonly at: ReportAt;

  constructor(report: ReportAt) {
    this.at = (node, message) => {
      this.problemCount++;
      report(node, message);
    };
  }

  /** Problems reported so far: compare before and after reading a part. */
  protected problemsSoFar(): number {
    return this.problemCount;
  }

  /** A mapping's entries by key, with unknown and non-text keys reported. */
  entries(map: YAMLMap, known: readonly string[], where: string): Map<string, YamlEntry> {
    const entries = new Map<string, YamlEntry>();
    for (const entry of this.pairs(map)) {
      const key = isScalar(entry.key) ? String(entry.key.value) : null;
      if (key === null || !known.includes(key)) {
        this.at(entry.key, `unknown key ${key === null ? '(not a name)' : `"${key}"`} ${where}; expected one of ${known.map((k) => `"${k}"`).join(', ')}`);
        continue;
      }
      entries.set(key, entry);
    }
    return entries;
  }

  protected pairs(map: YAMLMap): YamlEntry[] {
    return map.items.map((pair: Pair) => ({ key: pair.key as Node, value: (pair.value as Node | null) ?? null }));
  }

  protected map(node: Node | null, what: string, expected: string): YAMLMap | null {
    if (isMap(node)) return node;
    this.at(node, `${what} should be ${expected}`);
    return null;
  }

  protected text(node: Node | null, what: string, expected: string): string | null {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') && String(node.value).trim() !== '') return String(node.value);
    this.at(node, `${what} should be ${expected}`);
    return null;
  }

  /** A list of distinct texts; `item` says what each is (e.g. "a column name"). */
  protected textList(node: Node, what: string, expected: string, item: string): string[] {
    if (!isSeq(node)) {
      this.at(node, `${what} should be ${expected}`);
      return [];
    }
    const items: string[] = [];
    for (const child of node.items as Node[]) {
      const text = this.text(child, `an item of ${what}`, item);
      if (text === null) continue;
      if (items.includes(text)) this.at(child, `${what} names "${text}" twice`);
      else items.push(text);
    }
    return items;
  }

  /** A finite number; `example` ends the message (e.g. ", such as 0.1"). */
  protected number(node: Node, what: string, example = ''): number | null {
    if (isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value)) return node.value;
    this.at(node, `${what} should be a number${example}`);
    return null;
  }

  protected flag(node: Node, what: string): boolean | null {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.at(node, `${what} should be true or false`);
    return null;
  }
}
