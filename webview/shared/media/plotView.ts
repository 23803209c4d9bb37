import { html, type TemplateResult } from 'lit';
import type { MediaPlot } from '../../../src/protocol/media';
import type { ChartTheme } from '../../compare/palette';
import { confusionHeight, confusionOption, largestCount } from './confusionOption';
import { curveOption, type CurveLine } from './curveOption';
import './mediaChart';
import './mediaTable';

const CURVE_HEIGHT = 320;

/** Options built once per plot and theme: a new snapshot of the same data does not redraw. */
const built = new WeakMap<MediaPlot['data'], { theme: ChartTheme; option: unknown }>();

function optionOf(data: MediaPlot['data'], theme: ChartTheme, build: () => unknown): unknown {
  const known = built.get(data);
  if (known && known.theme === theme) return known.option;
  const option = build();
  built.set(data, { theme, option });
  return option;
}

/** One run's plot: a heatmap, lines or a windowed table, by its kind. */
export function plotView(plot: MediaPlot, theme: ChartTheme): TemplateResult {
  const { data } = plot;
  switch (data.kind) {
    case 'confusion':
      return html`<media-chart
        .option=${optionOf(data, theme, () => confusionOption({ labels: data.labels, counts: data.counts, theme, max: largestCount(data.counts) }))}
        .height=${confusionHeight(data.labels.length)}
        label=${plot.title}
      ></media-chart>`;
    case 'table':
      return html`<media-table .columns=${data.columns} .rows=${data.rows} .totalRows=${data.totalRows} label=${plot.title}></media-table>`;
    default: {
      const lines: CurveLine[] = data.series.map((s, i) => ({ id: `line:${i}`, name: s.name, x: s.x, y: s.y, colour: theme.runColours[i % theme.runColours.length]!, dash: 'solid' }));
      return html`<media-chart
        .option=${optionOf(data, theme, () => curveOption({ kind: data.kind, xLabel: data.xLabel, yLabel: data.yLabel, lines, theme }))}
        .height=${CURVE_HEIGHT}
        label=${plot.title}
      ></media-chart>`;
    }
  }
}
