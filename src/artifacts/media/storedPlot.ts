import type { PlotData } from '../../core/artifacts/types';
import { PlotFormatError } from './plotFormatError';
import { isRecord } from '../../common/records';

const SERIES_KINDS = new Set(['roc', 'precision_recall', 'calibration', 'xy']);

/**
 * A plot file of the run log's media folder (docs/run-log-format.md, "Media"): PlotData's own
 * shape in snake case, `{"v": 1, "kind", "title", …}`. Numbers may be the strings "NaN",
 * "Infinity" and "-Infinity", as in metrics lines.
 */
export function storedPlot(json: unknown): { title: string | undefined; data: PlotData } {
  if (!isRecord(json)) throw new PlotFormatError('is not a plot object');
  const plot = json;
  if (plot.v !== 1) throw new PlotFormatError(`has format version ${JSON.stringify(plot.v)}; this reader knows version 1`);
  const title = typeof plot.title === 'string' ? plot.title : undefined;
  if (plot.kind === 'confusion') {
    const labels = stringList(plot.labels, 'labels');
    if (!Array.isArray(plot.counts) || plot.counts.length !== labels.length) throw new PlotFormatError(`"counts" is not a list of ${labels.length} rows, one per label`);
    const counts = plot.counts.map((row: unknown, i) => {
      const values = numberList(row, `counts[${i}]`);
      if (values.length !== labels.length) throw new PlotFormatError(`counts[${i}] has ${values.length} numbers for ${labels.length} labels`);
      return values;
    });
    return { title, data: { kind: 'confusion', labels, counts } };
  }
  if (typeof plot.kind !== 'string' || !SERIES_KINDS.has(plot.kind)) {
    throw new PlotFormatError(`has kind ${JSON.stringify(plot.kind)}; expected confusion, roc, precision_recall, calibration or xy`);
  }
  if (!Array.isArray(plot.series) || plot.series.length === 0) throw new PlotFormatError('has no "series" list of lines');
  const series = plot.series.map((line: unknown, i) => {
    const { name, x, y } = (line ?? {}) as Record<string, unknown>;
    const xs = numberList(x, `series[${i}].x`);
    const ys = numberList(y, `series[${i}].y`);
    if (xs.length !== ys.length) throw new PlotFormatError(`series[${i}] has ${xs.length} x values and ${ys.length} y values`);
    return { name: typeof name === 'string' ? name : `series ${i + 1}`, x: xs, y: ys };
  });
  const xLabel = typeof plot.x_label === 'string' ? plot.x_label : 'x';
  const yLabel = typeof plot.y_label === 'string' ? plot.y_label : 'y';
  return { title, data: { kind: plot.kind as 'roc' | 'precision_recall' | 'calibration' | 'xy', xLabel, yLabel, series } };
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new PlotFormatError(`"${field}" is not a list of strings`);
  return value as string[];
}

const NON_FINITE: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

function numberList(value: unknown, field: string): number[] {
  if (!Array.isArray(value)) throw new PlotFormatError(`"${field}" is not a list of numbers`);
  return value.map((v: unknown, i) => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && Object.hasOwn(NON_FINITE, v)) return NON_FINITE[v]!;
    throw new PlotFormatError(`"${field}"[${i}] is ${JSON.stringify(v)}, not a number`);
  });
}
