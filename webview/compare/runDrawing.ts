import type { CompareRun, MetricChart } from '../../src/protocol/compare';
import { focusOf, runStyle, type ChartTheme, type RunFocus, type RunStyle } from './palette';
import { bucketXs, smoothed } from './seriesPoints';

type ChartSeries = MetricChart['series'][number];

/** One run of a line chart as the runs layer draws it (runPaint.ts) and the pointer finds it (runPointer.ts). */
export interface RunDrawing {
  runId: string;
  /** Each bucket's x: the middle of its extent. */
  xs: readonly number[];
  firstX: readonly number[];
  lastX: readonly number[];
  /** The line's y per bucket (smoothed when asked); null breaks the line. */
  y: readonly (number | null)[];
  /** The raw line, drawn faint under a smoothed one; null when not smoothed. */
  raw: readonly (number | null)[] | null;
  min: readonly (number | null)[];
  max: readonly (number | null)[];
  /** Buckets holding NaN or ±Infinity. */
  nonFinite: readonly number[];
  /** The run has a single finite value here: a dot in its shape, as a line needs two points. */
  single: boolean;
  style: RunStyle;
  focus: RunFocus;
  /** Staggers the run's markers along x, so that runs' markers do not stack (its palette index). */
  markerOffset: number;
}

interface Lines {
  smoothing: number;
  xs: number[];
  y: (number | null)[];
  raw: (number | null)[] | null;
  single: boolean;
}
/**
 * Each snapshot series' lines for its smoothing: hovering a run draws every chart again (for the
 * dimming), which must not smooth every line again.
 */
const computed = new WeakMap<ChartSeries, Lines>();

function linesOf(s: ChartSeries, smoothing: number): Lines {
  const known = computed.get(s);
  if (known && known.smoothing === smoothing) return known;
  const single = s.y.filter((v) => v !== null).length === 1;
  const lines = { smoothing, xs: bucketXs(s), y: smoothing > 0 ? smoothed(s.y, smoothing) : s.y, raw: smoothing > 0 ? s.y : null, single };
  computed.set(s, lines);
  return lines;
}

export interface DrawingView {
  chart: MetricChart;
  runs: ReadonlyMap<string, CompareRun>;
  theme: ChartTheme;
  smoothing: number;
  hovered: string | null;
}

/** Every charted run's drawing, in the chart's order; series of runs no longer compared are left out. */
export function runDrawings(view: DrawingView): RunDrawing[] {
  return view.chart.series.flatMap((s): RunDrawing[] => {
    const run = view.runs.get(s.runId);
    if (!run) return [];
    const { xs, y, raw, single } = linesOf(s, view.smoothing);
    return [{
      runId: run.id, xs, firstX: s.firstX, lastX: s.lastX, y, raw, min: s.min, max: s.max,
      nonFinite: s.nonFinite.map(([i]) => i),
      single,
      style: runStyle(view.theme, run.colour),
      focus: focusOf(run.id, view.hovered),
      markerOffset: run.colour,
    }];
  });
}
