/**
 * Column names from a header row, as pandas makes them: an empty name becomes "Unnamed: i"
 * (0-based), a repeated one "name.1", "name.2"… Each change is reported.
 */
export function headerNames(raw: readonly string[], report: (message: string) => void): string[] {
  const taken = new Set<string>();
  return raw.map((name, i) => {
    let unique = name === '' ? `Unnamed: ${i}` : name;
    if (name === '') report(`column ${i + 1} has no name in the header: named "${unique}"`);
    for (let n = 1; taken.has(unique); n++) unique = `${name}.${n}`;
    if (unique !== name && name !== '') report(`column ${i + 1} repeats the name "${name}": named "${unique}"`);
    taken.add(unique);
    return unique;
  });
}
