/**
 * Reference statistics computed by SciPy (Debian's python3-scipy under /usr/bin/python3) on the
 * same data, at test time: the cases go to a temporary JSON file, the answers come back as JSON.
 */

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/temp';

const PYTHON = '/usr/bin/python3';

// Evidently's definitions, written with NumPy and SciPy as Evidently's stattests write them.
const SCRIPT = String.raw`
import json, sys
import numpy as np
from scipy.stats import ks_2samp, chisquare, wasserstein_distance, norm, kstwo
from scipy.spatial.distance import jensenshannon

def binned(kind, ref, cur, fill):
    ref = np.asarray(ref); cur = np.asarray(cur)
    if kind == 'numerical' and len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins='sturges')
        r = np.histogram(ref, bins)[0] / len(ref)
        c = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = sorted(set(ref.tolist()) | set(cur.tolist()))
        r = np.array([np.sum(ref == k) for k in keys]) / len(ref)
        c = np.array([np.sum(cur == k) for k in keys]) / len(cur)
    if fill:
        for a in (r, c):
            smallest = a[a != 0].min()
            np.place(a, a == 0, smallest / 10**6 if smallest <= 0.0001 else 0.0001)
    return r, c

def answer(case):
    test, kind, ref, cur = case['test'], case.get('kind'), case.get('reference'), case.get('current')
    if test == 'ks':
        r = ks_2samp(ref, cur)
        return [float(r.statistic), float(r.pvalue)]
    if test == 'wasserstein':
        return [float(wasserstein_distance(ref, cur) / max(float(np.std(ref)), 0.001)), None]
    if test == 'chisquare':
        keys = sorted(set(ref) | set(cur))
        k = len(cur) / len(ref)
        r = chisquare([cur.count(x) for x in keys], [ref.count(x) * k for x in keys])
        return [float(r.statistic), float(r.pvalue)]
    if test == 'z':
        first = sorted(set(ref) | set(cur))[0]
        n1, n2 = len(ref), len(cur)
        p1 = sum(1 for x in ref if x != first) / n1
        p2 = sum(1 for x in cur if x != first) / n2
        p = (p1 * n1 + p2 * n2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
        return [float(z), float(2 * norm.sf(abs(z)))]
    if test == 'jensenshannon':
        return [float(jensenshannon(*binned(kind, ref, cur, False))), None]
    if test == 'psi':
        r, c = binned(kind, ref, cur, True)
        return [float(np.sum((r - c) * np.log(r / c))), None]
    if test == 'kstwo':
        return [float(kstwo.sf(case['x'], case['n'])), None]
    raise ValueError(test)

cases = json.load(open(sys.argv[1]))
# JSON has no infinity; 1e999 parses as one in JavaScript.
sys.stdout.write(json.dumps([answer(c) for c in cases]).replace('Infinity', '1e999'))
`;

export interface ScipyCase {
  test: 'ks' | 'wasserstein' | 'chisquare' | 'z' | 'jensenshannon' | 'psi' | 'kstwo';
  kind?: 'numerical' | 'categorical';
  reference?: (number | string)[];
  current?: (number | string)[];
  n?: number;
  x?: number;
}

/** [statistic, p-value or null] per case, as SciPy computes it; fails with what to install when SciPy is missing. */
export function scipyAnswers(cases: ScipyCase[]): [number, number | null][] {
  const probe = spawnSync(PYTHON, ['-c', 'import scipy, numpy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`SciPy is not available to ${PYTHON} (${probe.error?.message ?? probe.stderr.trim()}): run \`node scripts/prerequisites.mjs test\``);
  }
  const dir = tempDir('drift-scipy-');
  const input = path.join(dir, 'cases.json');
  const script = path.join(dir, 'reference.py');
  fs.writeFileSync(input, JSON.stringify(cases));
  fs.writeFileSync(script, SCRIPT);
  const run = spawnSync(PYTHON, [script, input], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`SciPy reference failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as [number, number | null][];
}
