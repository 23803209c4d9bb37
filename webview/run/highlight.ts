import { html, type TemplateResult } from 'lit';
import type { TextLanguage } from '../../src/core/artifacts/preview';

/** Past this many characters the rest of a preview is shown plain: a span per token of a huge file would slow the page. */
const HIGHLIGHTED_CHARS = 64 << 10;

/** Tokens by language, first match wins; the group names are the CSS classes (`tok-<name>`). */
const GRAMMARS: Record<Exclude<TextLanguage, 'plain'>, RegExp> = {
  json: /(?<key>"(?:[^"\\\n]|\\.)*"(?=\s*:))|(?<string>"(?:[^"\\\n]|\\.)*")|(?<number>-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|(?<keyword>\b(?:true|false|null|NaN|Infinity)\b)/g,
  yaml: /(?<comment>(?:^|(?<=\s))#.*$)|(?<key>^[ \t-]*[^\s#:'"][^:#\n]*(?=:(?:\s|$)))|(?<string>'(?:[^'\n]|'')*'|"(?:[^"\\\n]|\\.)*")|(?<number>(?<=[\s:[,-])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=\s*$|\s*[,\]#]))|(?<keyword>(?<=[\s:])(?:true|false|null|~)(?=\s*$))/gm,
  python: /(?<comment>#.*$)|(?<string>"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(?<keyword>\b(?:def|class|return|import|from|as|if|elif|else|for|while|in|not|and|or|is|None|True|False|with|try|except|finally|raise|lambda|yield|pass|break|continue|global|async|await)\b)|(?<number>\b\d+(?:\.\d+)?\b)/gm,
};

/** The text with its tokens in spans; Lit renders every piece as text, so a file's markup stays inert. */
export function highlight(text: string, language: TextLanguage): (string | TemplateResult)[] {
  if (language === 'plain') return [text];
  const head = text.slice(0, HIGHLIGHTED_CHARS);
  const pieces: (string | TemplateResult)[] = [];
  let at = 0;
  for (const match of head.matchAll(GRAMMARS[language])) {
    const kind = Object.entries(match.groups ?? {}).find(([, value]) => value !== undefined)?.[0];
    if (kind === undefined || match[0] === '') continue;
    if (match.index > at) pieces.push(head.slice(at, match.index));
    pieces.push(html`<span class="tok-${kind}">${match[0]}</span>`);
    at = match.index + match[0].length;
  }
  pieces.push(text.slice(at));
  return pieces;
}
