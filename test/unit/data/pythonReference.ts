import { spawnSync } from 'node:child_process';

/** Debian's Python with NumPy (python3-scipy): not the pyenv `python3` on PATH. */
const PYTHON = '/usr/bin/python3';

/**
 * Reads a file with Python's own csv/json modules and computes each column's statistics with
 * NumPy and collections.Counter: the reference the profiles are checked against, computed
 * independently of Model Ledger's code. A column is numeric when every non-empty cell parses
 * with float(); the empty cell (or JSON null) is missing.
 */
const SCRIPT = String.raw`
import csv, json, sys, math, collections
import numpy as np
path, fmt = sys.argv[1], sys.argv[2]
if fmt == 'jsonl':
    rows = [json.loads(line) for line in open(path, encoding='utf-8') if line.strip()]
    names = []
    for row in rows:
        for key in row:
            if key not in names: names.append(key)
    columns = {n: [row.get(n) for row in rows] for n in names}
else:
    with open(path, newline='', encoding='utf-8-sig') as f:
        reader = csv.reader(f, delimiter='\t' if fmt == 'tsv' else ',')
        names = next(reader)
        data = [r for r in reader if r]
    columns = {n: [(r[i] if i < len(r) and r[i] != '' else None) for r in data] for i, n in enumerate(names)}

def as_number(v):
    if isinstance(v, bool): raise ValueError
    if isinstance(v, (int, float)): return float(v)
    return float(v)

out = []
for name in names:
    values = [v for v in columns[name] if v is not None]
    entry = {'name': name, 'count': len(values), 'nulls': len(columns[name]) - len(values), 'numeric': None}
    try:
        numbers = [as_number(v) for v in values]
    except (ValueError, TypeError):
        numbers = None
    if numbers is not None and numbers:
        finite = np.array([x for x in numbers if math.isfinite(x)])
        counts, edges = np.histogram(finite, bins=20)
        entry['numeric'] = {
            'min': float(finite.min()), 'max': float(finite.max()), 'mean': float(finite.mean()),
            'std': float(finite.std(ddof=1)) if len(finite) > 1 else 0.0,
            'quantiles': [float(q) for q in np.quantile(finite, [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1])],
            'histogram': {'edges': [float(e) for e in edges], 'counts': [int(c) for c in counts]},
            'nan': sum(1 for x in numbers if math.isnan(x)),
            'posInf': sum(1 for x in numbers if x == math.inf),
            'negInf': sum(1 for x in numbers if x == -math.inf),
        }
        counter = collections.Counter(x for x in numbers if math.isfinite(x))
    else:
        counter = collections.Counter(v if isinstance(v, str) else json.dumps(v) for v in values)
    entry['distinct'] = len(counter)
    entry['valueCounts'] = sorted(([k, c] for k, c in counter.items()), key=lambda kc: (-kc[1], kc[0]))
    out.append(entry)
print(json.dumps({'rows': max((len(c) for c in columns.values()), default=0), 'columns': out}))
`;

export interface ReferenceColumn {
  name: string;
  count: number;
  nulls: number;
  distinct: number;
  numeric: {
    min: number;
    max: number;
    mean: number;
    std: number;
    quantiles: number[];
    histogram: { edges: number[]; counts: number[] };
    nan: number;
    posInf: number;
    negInf: number;
  } | null;
  valueCounts: [number | string, number][];
}

export function pythonReference(file: string, format: 'csv' | 'tsv' | 'jsonl'): { rows: number; columns: ReferenceColumn[] } {
  const result = spawnSync(PYTHON, ['-c', SCRIPT, file, format], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`the Python reference failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { rows: number; columns: ReferenceColumn[] };
}
