import * as fs from 'node:fs';
import * as os from 'node:os';

/** One figure, always beside a baseline measured in the same run on the same machine. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** value / baseline. */
  ratio: number;
  note: string;
  /** What the figure was measured at (runs, points, tags); `npm run bench -- scale` fits growth against it, else against the scale. */
  volume?: number;
  /** The target, so that "met" can be computed; `npm run bench -- scale` fills it from bench/goals.ts when the bench does not. */
  goal?: Goal;
  /** Written by `npm run bench -- scale`: the figures at each scale run, in order. */
  scales?: ScaleFigure[];
  /** Written by `npm run bench -- scale`: the scales not run, and why. */
  skipped?: { scale: number; reason: string }[];
  /** Written by `npm run bench -- scale`: the growth fitted over `scales` (bench/README.md says how). */
  growth?: { kind: string; slope: number | null };
}

/** `value` (or `ratio`, where the goal is relative to the baseline) must be `op` this. */
export interface Goal {
  op: '<' | '>=';
  value: number;
  of?: 'value' | 'ratio';
}

export interface ScaleFigure {
  scale: number;
  volume: number;
  value: number;
  baseline: number;
  /** Wall time of the bench's run at this scale, all its results together. */
  seconds: number;
}

export interface Machine {
  cpus: number;
  model: string;
  ramGB: number;
  node: string;
  os: string;
}

export interface BenchReport {
  machine: Machine;
  results: BenchResult[];
}

export function makeReport(results: BenchResult[]): BenchReport {
  const cpus = os.cpus();
  return {
    machine: {
      cpus: cpus.length,
      model: cpus[0]?.model.trim() ?? 'unknown',
      ramGB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
    },
    results,
  };
}

export function describeMachine(machine: Machine): string {
  return `${machine.cpus} CPUs (${machine.model}), ${machine.ramGB} GB RAM, Node ${machine.node}, ${machine.os}`;
}

/** Whether `result` meets its goal; undefined when it has none. */
export function goalMet(result: Pick<BenchResult, 'value' | 'ratio' | 'goal'>): boolean | undefined {
  if (!result.goal) return undefined;
  const actual = result.goal.of === 'ratio' ? result.ratio : result.value;
  return result.goal.op === '<' ? actual < result.goal.value : actual >= result.goal.value;
}

export function describeGoal(goal: Goal): string {
  return `${goal.of === 'ratio' ? 'ratio ' : ''}${goal.op === '<' ? '<' : '≥'} ${fmt(goal.value)}`;
}

export function printReport(report: BenchReport): void {
  const rows = report.results.map((r) => [r.name, fmt(r.value), fmt(r.baseline), r.unit, r.ratio.toFixed(2), r.note]);
  const header = ['benchmark', 'value', 'baseline', 'unit', 'ratio', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([1, 2, 4]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(`machine: ${describeMachine(report.machine)}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

export function writeReport(report: BenchReport, file: string): void {
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
}

export function fmt(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value at fraction `p` (0..1) of the sorted values, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
