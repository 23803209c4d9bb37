// `npm run bench -- scale [words]`: each ScalableBench at its scales (1, 10, 100, one at a time),
// its figures at each, the fitted growth, a table and bench/results.json. Figures, never assertions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { errorMessage } from '../src/core/errors';
import { describeGrowth, fitGrowth } from '../testkit/growthFit';
import { GOALS } from './goals';
import { describeGoal, fmt, goalMet, makeReport, writeReport, type BenchReport, type BenchResult, type ScaleFigure } from './report';
import { updateReadme } from './readmeTable';
import type { ScalableBench } from './scalable';
import * as scalables from './scalables';

const SCALES = [1, 10, 100] as const;
/** The scale whose figures a result keeps as its own: the volume the goal names. */
const GOAL_SCALE = 10;
const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_FILE = path.join(ROOT, 'bench', 'results.json');

const BENCHES: readonly ScalableBench[] = Object.values(scalables);

interface Measured {
  scale: number;
  seconds: number;
  results: BenchResult[];
}

export async function runScale(words: readonly string[]): Promise<void> {
  const known = BENCHES.map((b) => b.word);
  const unknown = words.filter((w) => !known.includes(w));
  if (unknown.length > 0) throw new Error(`unknown scale benchmark ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const fresh: BenchResult[] = [];
  let failed = false;
  for (const bench of BENCHES.filter((b) => words.length === 0 || words.includes(b.word))) {
    const measured: Measured[] = [];
    const skipped = [...bench.skipped];
    for (const scale of SCALES.filter((s) => bench.scales.includes(s))) {
      console.log(`scale ${bench.word} ×${scale}…`);
      const started = performance.now();
      try {
        const results = await bench.run(scale);
        const seconds = (performance.now() - started) / 1000;
        console.log(`scale ${bench.word} ×${scale}: ${seconds.toFixed(1)} s`);
        measured.push({ scale, seconds, results });
      } catch (error) {
        // The other scales and benches still run; the failure is printed, kept and sets the exit code.
        failed = true;
        console.error(`scale ${bench.word} ×${scale} failed: ${errorMessage(error)}`);
        skipped.push({ scale, reason: `failed: ${errorMessage(error).split('\n')[0]}` });
      }
    }
    fresh.push(...combine(measured, skipped));
  }
  const previous = fs.existsSync(RESULTS_FILE) ? (JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as BenchReport).results : [];
  const names = new Set(fresh.map((r) => r.name));
  const report = makeReport([...previous.filter((r) => !names.has(r.name)), ...fresh]);
  printScaleTable(fresh);
  writeReport(report, RESULTS_FILE);
  console.log(`\nwritten to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  console.log(`README performance table: ${updateReadme(path.join(ROOT, 'README.md'), report)}`);
  if (failed) process.exitCode = 1;
}

/** One result per name: its figures at the goal's scale, every scale's figures, the goal and the growth. */
function combine(measured: readonly Measured[], skipped: readonly { scale: number; reason: string }[]): BenchResult[] {
  const names = [...new Set(measured.flatMap((m) => m.results.map((r) => r.name)))];
  return names.map((name) => {
    const at = measured.flatMap((m) => m.results.filter((r) => r.name === name).map((r) => ({ scale: m.scale, seconds: m.seconds, result: r })));
    const main = at.find((a) => a.scale === GOAL_SCALE) ?? at.at(-1)!;
    const scales: ScaleFigure[] = at.map((a) => ({
      scale: a.scale,
      volume: a.result.volume ?? a.scale,
      value: a.result.value,
      baseline: a.result.baseline,
      seconds: Math.round(a.seconds * 10) / 10,
    }));
    const growth = fitGrowth(scales);
    const where = main.scale === GOAL_SCALE ? '' : ` (figures at ×${main.scale}: the goal's volume was not measured)`;
    const missing = skipped.length > 0 ? `; skipped ${skipped.map((s) => `×${s.scale}: ${s.reason}`).join('; ')}` : '';
    return {
      ...main.result,
      goal: main.result.goal ?? GOALS[name],
      note: `${main.result.note}${where}; growth over ${scales.map((s) => `×${s.scale}`).join('/')}: ${describeGrowth(growth)}${missing}`,
      scales,
      skipped: [...skipped],
      growth: { kind: growth.kind, slope: Number.isFinite(growth.slope) ? Math.round(growth.slope * 1000) / 1000 : null },
    };
  });
}

function printScaleTable(results: readonly BenchResult[]): void {
  const cell = (r: BenchResult, scale: number) => {
    const figure = r.scales?.find((s) => s.scale === scale);
    return figure ? fmt(figure.value) : r.skipped?.some((s) => s.scale === scale) ? 'skipped' : '—';
  };
  const rows = results.map((r) => {
    const met = goalMet(r);
    return [r.name, cell(r, 1), cell(r, 10), cell(r, 100), r.unit, fmt(r.baseline), r.growth?.kind ?? '—', r.goal ? describeGoal(r.goal) : '—', met === undefined ? '—' : met ? 'yes' : 'NO'];
  });
  const header = ['benchmark', '×1', '×10 (goal)', '×100', 'unit', 'baseline ×10', 'growth', 'goal', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([1, 2, 3, 5]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log('');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
