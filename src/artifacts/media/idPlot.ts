import * as path from 'node:path';
import type { PlotData, RunPlot } from '../../core/artifacts/types';
import { confusionFrom, kindOfAxes, seriesFrom, type Datapoint } from './datapoints';
import type { IdPlotDeclaration } from './dvcYamlPlots';
import type { MediaSink } from './mediaSink';
import { PlotFormatError } from './plotFormatError';
import { readPlotRows } from './plotRows';

/**
 * A dvc.yaml top-level plot (`plots: - ROC: {x: fpr, y: {eval/roc/train.json: tpr}}`): one plot
 * with a line per file and field, or, for a confusion template, a matrix per file (DVC draws them
 * side by side), `<id> (<file>)` when there are several. Without `x` DVC draws against the row
 * number, named `step`. None when a file it names cannot be read (that is a problem already).
 */
export function idPlot(yamlDir: string, plot: IdPlotDeclaration, sink: MediaSink): RunPlot[] {
  const files = Object.keys(plot.y);
  if (files.length === 0) throw new PlotFormatError(`plot "${plot.id}" names no data file in \`y\``);
  const title = plot.props.title ?? plot.id;
  const rowsByFile = new Map<string, Datapoint[]>();
  for (const file of files) {
    const rows = readPlotRows(yamlDir, file, sink);
    if (rows === undefined) return [];
    rowsByFile.set(file, rows);
  }
  if (plot.props.template?.startsWith('confusion')) {
    return Object.entries(plot.y).map(([file, fields]) => ({
      id: files.length > 1 ? `${plot.id} (${file})` : plot.id,
      title: files.length > 1 ? `${title} (${file})` : title,
      file: path.resolve(yamlDir, file),
      data: confusionFrom(rowsByFile.get(file)!, xFieldFor(plot, file) ?? 'actual', fields[0] ?? 'predicted'),
    }));
  }
  const series: { name: string; x: number[]; y: number[] }[] = [];
  const xFields = new Set<string>();
  for (const [file, fields] of Object.entries(plot.y)) {
    const xField = xFieldFor(plot, file) ?? 'step';
    xFields.add(xField);
    const rows = rowsByFile.get(file)!.map((row, i) => (xField in row ? row : { ...row, [xField]: i }));
    const drawn = seriesFrom(rows, 'xy', { x: xField, ys: fields, xLabel: xField, yLabel: '' });
    for (const line of drawn.series) series.push({ ...line, name: files.length > 1 ? `${file}: ${line.name}` : line.name });
  }
  const allFields = [...new Set(Object.values(plot.y).flat())];
  const xLabel = plot.props.xLabel ?? [...xFields].join(', ');
  const kind = xFields.size === 1 ? kindOfAxes([...xFields][0]!, allFields) : 'xy';
  const data: PlotData = { kind, xLabel, yLabel: plot.props.yLabel ?? allFields.join(', '), series };
  return [{ id: plot.id, title, file: path.resolve(yamlDir, files[0]!), data }];
}

function xFieldFor(plot: IdPlotDeclaration, file: string): string | undefined {
  if (typeof plot.x === 'string') return plot.x;
  if (plot.x === undefined) return undefined;
  return plot.x[file] ?? Object.values(plot.x)[0];
}
