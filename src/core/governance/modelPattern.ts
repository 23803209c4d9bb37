/**
 * The model patterns of policy.yaml. A key is a glob over the whole model name (`*` any run of
 * characters, `/` included, as names hold `/`; `?` one character), or a regular expression
 * written between slashes (`/^churn-(eu|us)$/`), tested as written (anchor it with ^…$ to name
 * whole names).
 */

export type PatternRead = { kind: 'glob' | 'regex'; matcher: RegExp } | { problem: string };

export function readModelPattern(text: string): PatternRead {
  if (text.length >= 2 && text.startsWith('/') && text.endsWith('/')) {
    const source = text.slice(1, -1);
    if (source === '') return { problem: 'the regular expression "//" is empty; write one such as /^churn-.*$/' };
    try {
      return { kind: 'regex', matcher: new RegExp(source, 'u') };
    } catch (error) {
      return { problem: `the regular expression ${text} does not compile (${error instanceof Error ? error.message : String(error)}); fix it, or write a glob such as churn*` };
    }
  }
  if (!/^[a-zA-Z0-9*?/_-]+$/.test(text)) {
    return { problem: `"${text}" is not a model name glob: use letters, digits, "-", "_", "/", with "*" and "?" as wildcards (or a regular expression between slashes, such as /^churn-.*$/)` };
  }
  const source = [...text].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[-/]/g, '\\$&'))).join('');
  return { kind: 'glob', matcher: new RegExp(`^${source}$`) };
}
