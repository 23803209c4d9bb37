import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { CompareRun, MetricChart, XAxis, XRange } from '../../src/protocol/compare';
import { LIMITS } from '../../src/protocol/limits';
import { drawSoon } from './drawQueue';
import { init, type EChartsType } from './echartsSetup';
import { xAxisLabel } from './axisText';
import { keyZoom } from './keyboardZoom';
import { lineChartOption, plotRect } from './lineOption';
import { runStyle, type ChartTheme } from './palette';
import { nonFiniteList } from './nonFiniteList';
import { PointerTip } from './pointerTip';
import { runDrawings } from './runDrawing';
import { runAt, valuesAt, HIT_PX } from './runPointer';
import { RunsLayer } from './runsLayer';
import { allPositive } from './seriesPoints';
import { lineTooltip } from './tooltip';
import type { LinkedChart, ZoomLink } from './zoomLink';
import { zoomedWindow } from './zoomEvent';
import * as l10n from '@vscode/l10n';

export interface MetricChartInput {
  chart: MetricChart;
  runs: ReadonlyMap<string, CompareRun>;
  theme: ChartTheme;
  xAxis: XAxis;
  /** The snapshot's zoom: null shows every point. */
  zoom: XRange | null;
  smoothing: number;
  logY: boolean;
  link: ZoomLink;
  /** The run under the pointer anywhere on the page; null when none. */
  hovered: string | null;
  /** Says which run's line the pointer is over (null when it leaves them). */
  hover(runId: string | null): void;
}

/**
 * One metric's chart: ECharts' axes, grid and zoom, and every run's line and band on the runs layer
 * over them, both living as long as the element. A new snapshot or a zoom answer sets new data on
 * them, so a chart of a running training grows in place rather than being rebuilt. The pointer
 * names the run whose line it is on and shows every run's value at its x.
 */
export class MetricChartView extends LitElement implements LinkedChart {
  static override properties = { input: { attribute: false } };
  input!: MetricChartInput;
  /** The ECharts instance (tests read its option); undefined until its first draw (drawQueue.ts). */
  echarts: EChartsType | undefined;
  /** The runs' lines and bands (tests read what it drew); undefined until the first draw. */
  layer: RunsLayer | undefined;
  private readonly tip = new PointerTip();
  /** A zoom answer newer than the snapshot. */
  private answer: MetricChart | undefined;
  /** Everything the x axis spans for this x axis kind; the zoom is a part of it. */
  private extent: XRange | null = null;
  private shown: XRange | null = null;
  private resizer: ResizeObserver | undefined;
  /**
   * Whether the plot is in the viewport. A linked zoom redraws every run of a chart (hundreds of ms
   * at 100 runs), so a chart out of sight shows its range only once it comes into sight.
   */
  private inSight = true;
  /** `shown` changed while out of sight. */
  private rangePending = false;
  private sight: IntersectionObserver | undefined;
  /** The theme the zoom components were last coloured with; undefined until they are made. */
  private zoomTheme: ChartTheme | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  get metric(): string {
    return this.input.chart.metric;
  }

  get width(): number {
    const plot = this.querySelector<HTMLElement>('.plot');
    return Math.min(LIMITS.width, Math.max(1, Math.round(plot?.clientWidth ?? 1)));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.input?.link.remove(this);
    this.resizer?.disconnect();
    this.sight?.disconnect();
    this.layer?.dispose();
    this.tip.dispose();
    this.echarts?.dispose();
    this.echarts = undefined;
    this.layer = undefined;
  }

  override render(): TemplateResult {
    const { chart } = this.input;
    const logFallback = this.input.logY && !allPositive(this.shownChart().series);
    return html`
      <h3 id="chart-${chart.metric}">${chart.metric}</h3>
      ${logFallback ? html`<p class="note" role="status">${l10n.t('Log scale needs positive values: {0} has zero or negative ones, so its y axis stays linear.', chart.metric)}</p>` : nothing}
      <div class="plot-frame">
        <div class="plot" tabindex="0" role="img" aria-label=${l10n.t('{0} by {1}. Keys: + and - zoom, arrows pan, 0 shows everything.', chart.metric, xAxisLabel(this.input.xAxis))}
          @keydown=${(e: KeyboardEvent) => this.onKey(e)}></div>
        <canvas class="runs-layer" aria-hidden="true"></canvas>
        <div class="pointer-guide" hidden></div>
      </div>
      ${nonFiniteList(this.shownChart().series, this.input.runs)}
    `;
  }

  protected override firstUpdated(): void {
    drawSoon(() => this.start());
  }

  /** The first draw, of the input of then; none if the chart left the page meanwhile. */
  private start(): void {
    if (!this.isConnected) return;
    const plot = this.querySelector<HTMLElement>('.plot')!;
    this.echarts = init(plot, undefined, { renderer: 'canvas' });
    this.layer = new RunsLayer(this.querySelector<HTMLCanvasElement>('.runs-layer')!, this.echarts, plotRect);
    this.echarts.on('datazoom', (event) => this.onUserZoom(event));
    this.echarts.on('rendered', () => this.layer?.draw());
    this.echarts.getZr().on('mousemove', (event) => this.onPointer(event.offsetX, event.offsetY, event.event as MouseEvent));
    this.echarts.getZr().on('globalout', () => this.onPointerOut());
    this.resizer = new ResizeObserver(() => this.echarts?.resize());
    this.resizer.observe(plot);
    this.sight = new IntersectionObserver((entries) => this.onSight(entries.at(-1)!.isIntersecting));
    this.sight.observe(plot);
    this.input.link.add(this);
    this.draw();
    this.showRange(this.input.zoom);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('input')) this.answer = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Before its first draw there is nothing to update: start() draws the latest input.
    if (!changed.has('input') || !this.echarts) return;
    const previous = changed.get('input');
    // A new x axis kind needs a new window too: the old one is in the old axis' units.
    const zoomChanged = previous === undefined || previous.xAxis !== this.input.xAxis || !sameRange(previous.zoom, this.input.zoom);
    this.draw();
    if (zoomChanged) this.showRange(this.input.zoom);
  }

  /** A zoom answer for this metric (the link checked it is the latest). */
  applySeries(chart: MetricChart): void {
    this.answer = chart;
    this.draw();
    this.requestUpdate();
  }

  showRange(range: XRange | null): void {
    this.shown = range;
    this.rangePending = !this.inSight;
    if (this.inSight) this.drawRange();
  }

  private onSight(inSight: boolean): void {
    this.inSight = inSight;
    if (inSight && this.rangePending) {
      this.rangePending = false;
      this.drawRange();
    }
  }

  private drawRange(): void {
    const window = this.shown ?? this.extent;
    if (!window) return;
    this.echarts?.dispatchAction({ type: 'dataZoom', dataZoomIndex: [0, 1], startValue: window.xFrom, endValue: window.xTo }, { silent: true });
  }

  private shownChart(): MetricChart {
    return this.answer ?? this.input.chart;
  }

  private draw(): void {
    const instance = this.echarts;
    if (!instance) return;
    const chart = this.shownChart();
    this.extent = chart.extent ?? chart.range;
    const logY = this.input.logY && allPositive(chart.series);
    const drawings = runDrawings({ ...this.input, chart });
    const option = lineChartOption({ theme: this.input.theme, xAxis: this.input.xAxis, extent: this.extent, logY }, drawings);
    // The zoom components are made once (they hold the window); a new theme only recolours the slider.
    const { theme } = this.input;
    const dataZoom = this.zoomTheme === undefined ? dataZoomOption(theme) : this.zoomTheme === theme ? undefined : [{}, sliderColours(theme)];
    instance.setOption(dataZoom ? { ...option, dataZoom } : option, { replaceMerge: ['series'] });
    this.zoomTheme = theme;
    this.layer?.set(drawings, logY);
  }

  /** The pointer over the chart at x, y (CSS px in the plot): the run on whose line it is, and every run's value there. */
  private onPointer(x: number, y: number, event: MouseEvent): void {
    const layer = this.layer;
    const map = layer?.map;
    const plot = layer?.plot();
    if (!layer || !map || !plot || x < plot.x || x > plot.x + plot.width || y < plot.y || y > plot.y + plot.height) {
      this.onPointerOut();
      return;
    }
    const hovered = runAt(layer.runs, map, x, y);
    if (hovered !== this.input.hovered) this.input.hover(hovered);
    // Runs whose buckets lie within a few pixels of the pointer have a value here.
    const at = valuesAt(layer.runs, map.xAt(x), Math.abs(map.xAt(x + 2 * HIT_PX) - map.xAt(x)));
    const guide = this.querySelector<HTMLElement>('.pointer-guide')!;
    if (!at) {
      this.tip.hide();
      guide.hidden = true;
      return;
    }
    const { runs, theme, chart } = this.input;
    this.tip.show(lineTooltip(this.input.xAxis, at, { runs, styleOf: (run) => runStyle(theme, run.colour), direction: chart.direction, hovered }), event.clientX, event.clientY);
    guide.hidden = false;
    guide.style.left = `${map.x(at.x)}px`;
    guide.style.top = `${plot.y}px`;
    guide.style.height = `${plot.height}px`;
  }

  private onPointerOut(): void {
    this.tip.hide();
    this.querySelector<HTMLElement>('.pointer-guide')!.hidden = true;
    if (this.input.hovered !== null) this.input.hover(null);
  }

  private onUserZoom(event: unknown): void {
    const extent = this.extent;
    if (!extent) return;
    const told = zoomedWindow(event, extent);
    const range = told === undefined ? this.optionWindow(extent) : told;
    if (range === undefined) return;
    this.shown = range;
    this.input.link.zoomed(this, range);
  }

  /** The window as the option holds it, for an event that does not say (getOption clones all the data: rare events only). */
  private optionWindow(extent: XRange): XRange | null | undefined {
    const zoom = (this.echarts?.getOption().dataZoom as { start?: number; end?: number }[] | undefined)?.[0];
    return zoom ? zoomedWindow({ start: zoom.start ?? 0, end: zoom.end ?? 100 }, extent) : undefined;
  }

  private onKey(event: KeyboardEvent): void {
    if (!this.extent || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = keyZoom(event.key, this.shown ?? this.extent, this.extent);
    if (next === undefined) return;
    event.preventDefault();
    const window = next ?? this.extent;
    // Not silent: the chart reports it like a wheel zoom, so the others follow and the host is asked.
    this.echarts?.dispatchAction({ type: 'dataZoom', dataZoomIndex: [0, 1], startValue: window.xFrom, endValue: window.xTo });
  }
}

function dataZoomOption(theme: ChartTheme) {
  return [
    { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
    {
      type: 'slider',
      xAxisIndex: 0,
      filterMode: 'none',
      height: 18,
      bottom: 24,
      ...sliderColours(theme),
    },
  ];
}

function sliderColours(theme: ChartTheme) {
  return {
    borderColor: theme.grid,
    textStyle: { color: theme.muted },
    dataBackground: { lineStyle: { color: theme.muted }, areaStyle: { color: theme.grid } },
  };
}

function sameRange(a: XRange | null, b: XRange | null): boolean {
  return a === b || (a !== null && b !== null && a.xFrom === b.xFrom && a.xTo === b.xTo);
}

customElements.define('metric-chart', MetricChartView);
