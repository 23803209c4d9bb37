/**
 * Parses JSON as Python's json module writes it: DVCLive dumps metrics with `allow_nan`, so a
 * NaN or infinite metric appears as the bare tokens NaN, Infinity or -Infinity, which JSON.parse
 * refuses. Those tokens (outside strings) are read as the numbers they stand for.
 */
export function parsePythonJson(text: string): unknown {
  const marked = text.replace(TOKENS, (token) => (token.startsWith('"') ? token : `"${MARK}${token}"`));
  return JSON.parse(marked, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(MARK) ? Number(value.slice(MARK.length)) : value,
  );
}

/** A JSON string literal (left as is), or one of Python's non-finite tokens. */
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\bInfinity\b|\bNaN\b/g;
/** Marks a token turned into a string: led by a private-use character no metrics file holds (a raw control character would be refused inside a JSON string). */
const MARK = '\uE000python-json:';
