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
}

export interface BenchReport {
  machine: { cpus: number; node: string };
  results: BenchResult[];
}

export function makeReport(results: BenchResult[]): BenchReport {
  return { machine: { cpus: os.cpus().length, node: process.version }, results };
}

export function printReport(report: BenchReport): void {
  const rows = report.results.map((r) => [r.name, fmt(r.value), fmt(r.baseline), r.unit, r.ratio.toFixed(2), r.note]);
  const header = ['benchmark', 'value', 'baseline', 'unit', 'ratio', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([1, 2, 4]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(`machine: ${report.machine.cpus} CPUs, Node ${report.machine.node}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

export function writeReport(report: BenchReport, file: string): void {
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
}

function fmt(value: number): string {
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
