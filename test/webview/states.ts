import { buildComparisonTable } from '../../src/core/compare/comparisonTable';
import { downsample } from '../../src/core/compare/downsample';
import type { CompareRunInput, MetricStats } from '../../src/core/compare/tableRows';
import { toSeriesColumns } from '../../src/core/compare/chart';
import { runLabels } from '../../src/core/runLabels';
import type { CompareMedia, CompareRun, CompareState, MetricChart, XRange } from '../../src/protocol/compare';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
export const METRICS = ['accuracy', 'shift', 'val/loss'];

interface StateOptions {
  runs?: number;
  points?: number;
  chosenMetrics?: string[];
  onlyDifferences?: boolean;
  /** Extra params p000, p001, … that differ between every run (for a large table). */
  extraParams?: number;
  zoom?: XRange | null;
  width?: number;
  /** Every run named alike, as MLflow names a notebook's runs (told apart by their qualifiers). */
  sameName?: string;
  /** The runs' plots and images for the Media section; none by default. */
  media?: CompareMedia;
}

/** A metric's points for one run: a noisy decay (loss), a rise (accuracy) or values around zero (shift), with a NaN in run 1. */
function history(metric: string, run: number, points: number): { steps: number[]; values: number[] } {
  const steps = Array.from({ length: points }, (_, i) => i);
  const values = steps.map((i) => {
    const wobble = Math.sin(i * 1.7 + run) * 0.05;
    if (metric === 'val/loss') return 1 / (1 + i * 0.02 * (run + 1)) + 0.1 + wobble;
    if (metric === 'accuracy') return 0.5 + 0.4 * (1 - Math.exp(-i / (20 + run * 5))) + wobble / 2;
    return Math.sin(i / 10 + run) + wobble;
  });
  if (run === 1 && points > 10) values[10] = Number.NaN;
  return { steps, values };
}

function stats(metric: string, values: number[], steps: number[]): MetricStats {
  const finite = values.filter(Number.isFinite);
  const lower = metric === 'val/loss';
  const best = lower ? Math.min(...finite) : Math.max(...finite);
  return { count: values.length, last: values.at(-1)!, min: Math.min(...finite), max: Math.max(...finite), bestStep: steps[values.indexOf(best)] ?? null };
}

function runName(i: number): string {
  return i === 0 ? 'baseline' : i === 1 ? HOSTILE_NAME : `run-${i}`;
}

/** A realistic snapshot as the host would send it, built with the same core functions the host uses. */
export function compareState(options: StateOptions = {}): CompareState {
  const count = options.runs ?? 4;
  const points = options.points ?? 400;
  const width = options.width ?? 200;
  const chosen = options.chosenMetrics ?? ['val/loss', 'accuracy'];
  const named: CompareRun[] = Array.from({ length: count }, (_, i) => ({ id: `r${i}`, name: options.sameName ?? runName(i), qualifier: null, experiment: 'mnist', status: 'finished', colour: i }));
  const histories = named.map((_, i) => new Map(METRICS.map((m) => [m, history(m, i, points)])));
  const inputs: CompareRunInput[] = named.map((run, i) => ({
    facts: { id: run.id, name: run.name, experiment: run.experiment, status: run.status, startTime: 1_700_000_000_000, endTime: 1_700_000_000_000 + 60_000 * (i + 1), commit: `c0ffee${i}0000`, dirty: i === 2 },
    params: {
      lr: String(0.001 * (i + 1)),
      optimizer: i % 2 === 0 ? 'adam' : 'sgd',
      seed: '42',
      note: i === 1 ? HOSTILE_NAME : 'plain',
      ...Object.fromEntries(Array.from({ length: options.extraParams ?? 0 }, (_, p) => [`p${String(p).padStart(3, '0')}`, String(p * 1000 + i)])),
    },
    tags: { owner: i === 0 ? 'ana' : 'bo' },
    metrics: new Map(METRICS.map((m) => [m, stats(m, histories[i]!.get(m)!.values, histories[i]!.get(m)!.steps)])),
  }));
  // The qualifiers as the host makes them.
  const labels = runLabels(inputs.map((input) => ({ id: input.facts.id, name: input.facts.name, params: input.params })));
  const runs = named.map((run) => ({ ...run, qualifier: labels.get(run.id)!.qualifier }));
  const onlyDifferences = options.onlyDifferences ?? true;
  const table = buildComparisonTable(inputs, { directions: {}, onlyDifferences });
  const zoom = options.zoom ?? null;
  const all = { xFrom: 0, xTo: points - 1 };
  const charts: MetricChart[] = chosen.map((metric) => chart(metric, runs, histories, zoom ?? all, width, all));
  return {
    runs,
    missingRunIds: [],
    table,
    onlyDifferences,
    sort: null,
    metrics: METRICS,
    chosenMetrics: chosen,
    directions: {},
    xAxis: 'step',
    zoom,
    width,
    charts,
    code: {
      baseRunId: 'r0',
      otherRunId: 'r1',
      from: { runId: 'r0', commit: 'c0ffee00000000' },
      to: { runId: 'r1', commit: 'c0ffee10000000' },
      status: 'ready',
      files: [
        { path: 'train.py', oldPath: null, status: 'modified' },
        { path: 'models/net.py', oldPath: 'net.py', status: 'renamed' },
        { path: `docs/${HOSTILE_NAME}.md`, oldPath: null, status: 'added' },
      ],
      problems: [],
      dirtyRunIds: count > 2 ? ['r2'] : [],
    },
    saved: {
      folder: '/work/demo',
      runIds: runs.map((r) => r.id),
      baselineRunId: 'r0',
      chosenMetrics: chosen,
      directions: {},
      onlyDifferences,
      sort: null,
      xAxis: 'step',
      zoom,
      codeRunId: null,
    },
    media: options.media ?? { runs: [] },
  };
}

/** One metric's chart cut for a range, as the host's answer to a zoom would be. */
export function chart(metric: string, runs: readonly CompareRun[], histories: Map<string, { steps: number[]; values: number[] }>[], range: XRange, width: number, extent = range): MetricChart {
  const { steps } = histories[0]!.get(metric)!;
  return {
    metric,
    // As the host decides: a metric every run logged once is a dot chart, not cut to a zoom.
    kind: steps.length === 1 ? 'dots' : 'lines',
    direction: null,
    range,
    extent,
    series: runs.map((run, i) => {
      const { steps, values } = histories[i]!.get(metric)!;
      return toSeriesColumns(run.id, { buckets: downsample(steps, values, { ...range, width }), level: 0 });
    }),
  };
}

/** The series answer the host sends to a zoom: the same runs, buckets of only that range. */
export function zoomAnswer(state: CompareState, metric: string, range: XRange, width: number): MetricChart {
  const points = state.charts[0]!.range!.xTo + 1;
  const histories = state.runs.map((_, i) => new Map(METRICS.map((m) => [m, history(m, i, points)])));
  return chart(metric, state.runs, histories, range, width, state.charts[0]!.extent!);
}
