import type { PlotData } from '../../core/artifacts/types';
import { confusionFrom, datapointsOf, kindOfAxes, seriesFrom, type Datapoint, type SeriesKind } from './datapoints';
import { PlotFormatError } from './plotFormatError';

/** A plot's properties as dvc.yaml (or DVCLive's defaults) give them. */
export interface DvcPlotProps {
  template?: string;
  x?: string;
  y?: string[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
}

interface SklearnDefaults extends DvcPlotProps {
  kind: SeriesKind;
}

/** What DVCLive's `log_sklearn_plot` writes under each JSON key, with the labels it gives dvc.yaml (dvclive/plots/sklearn.py). */
const SKLEARN_SERIES: Readonly<Record<string, SklearnDefaults>> = {
  roc: { kind: 'roc', x: 'fpr', y: ['tpr'], title: 'Receiver operating characteristic (ROC)', xLabel: 'False Positive Rate', yLabel: 'True Positive Rate' },
  precision_recall: { kind: 'precision_recall', x: 'recall', y: ['precision'], title: 'Precision-Recall Curve', xLabel: 'Recall', yLabel: 'Precision' },
  calibration: {
    kind: 'calibration',
    x: 'prob_pred',
    y: ['prob_true'],
    title: 'Calibration Curve',
    xLabel: 'Mean Predicted Probability',
    yLabel: 'Fraction of Positives',
  },
  det: { kind: 'xy', x: 'fpr', y: ['fnr'], title: 'Detection error tradeoff (DET)', xLabel: 'False Positive Rate', yLabel: 'False Negative Rate' },
};

const CONFUSION_DEFAULTS: DvcPlotProps = { template: 'confusion', x: 'actual', y: ['predicted'], title: 'Confusion Matrix' };

/**
 * A DVC plot file's JSON as one plot: DVCLive's sklearn files are recognised by their layout,
 * and `props` (from dvc.yaml) override what they imply. Throws PlotFormatError when the content
 * does not fit.
 */
export function dvcFilePlot(json: unknown, props: DvcPlotProps, fallbackTitle: string): { title: string; data: PlotData } {
  return plotFromRows(datapointsOf(json), withDefaults(props, defaultsFor(json)), fallbackTitle);
}

/** `props`, with `defaults` where `props` says nothing. */
export function withDefaults<T extends DvcPlotProps>(props: DvcPlotProps, defaults: T): T {
  const given = Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
  return { ...defaults, ...given };
}

/** Rows (from JSON, CSV or TSV) as a plot with the given properties. */
export function plotFromRows(rows: readonly Datapoint[], props: DvcPlotProps & { kind?: SeriesKind }, fallbackTitle: string): { title: string; data: PlotData } {
  const title = props.title ?? fallbackTitle;
  if (props.template?.startsWith('confusion')) {
    return { title, data: confusionFrom(rows, props.x ?? 'actual', props.y?.[0] ?? 'predicted') };
  }
  const first = rows[0];
  if (first === undefined) throw new PlotFormatError('has no data points');
  const x = props.x ?? Object.keys(first)[0];
  if (x === undefined) throw new PlotFormatError('has no fields to plot');
  const ys = props.y ?? Object.keys(first).filter((key) => key !== x && typeof first[key] === 'number');
  if (ys.length === 0) throw new PlotFormatError(`has no numeric field to plot against "${x}"`);
  const kind = props.kind ?? kindOfAxes(x, ys);
  return { title, data: seriesFrom(rows, kind, { x, ys, xLabel: props.xLabel ?? x, yLabel: props.yLabel ?? ys.join(', ') }) };
}

function defaultsFor(json: unknown): DvcPlotProps & { kind?: SeriesKind } {
  if (Array.isArray(json)) {
    const first: unknown = json[0];
    const confusion = first !== null && typeof first === 'object' && ('actual' in first || 'predicted' in first);
    return confusion ? CONFUSION_DEFAULTS : {};
  }
  if (json !== null && typeof json === 'object') {
    const keys = Object.keys(json);
    if (keys.length === 1 && Object.hasOwn(SKLEARN_SERIES, keys[0]!)) return SKLEARN_SERIES[keys[0]!]!;
  }
  return {};
}
