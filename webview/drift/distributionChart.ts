import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import type { Distribution } from '../../src/protocol/drift';
import type { ChartTheme } from '../compare/palette';
import { distributionOption } from './distributionOption';
import { init, type EChartsType } from './echartsSetup';

/** How far outside the viewport a chart starts drawing, so a scroll finds it ready. */
const AHEAD = '300px 0px';

/** Milliseconds of chart drawing per frame: the page paints (the verdict, the table) before the charts, and a scroll stays smooth. */
const FRAME_BUDGET_MS = 12;

/** One observer for every chart: a chart is queued to be drawn the first time it comes near the viewport. */
const nearViewport = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      nearViewport.unobserve(entry.target);
      toDraw.add(entry.target as DistributionChartView);
    }
    if (toDraw.size > 0) requestAnimationFrame(drawSome);
  },
  { rootMargin: AHEAD },
);

/** Charts near the viewport not drawn yet, in the order they came near it. */
const toDraw = new Set<DistributionChartView>();

/** Draws queued charts for at most a frame's budget (one at least), and asks for another frame while some wait. */
function drawSome(): void {
  const start = performance.now();
  for (const chart of toDraw) {
    toDraw.delete(chart);
    chart.reached();
    if (performance.now() - start > FRAME_BUDGET_MS) break;
  }
  if (toDraw.size > 0) requestAnimationFrame(drawSome);
}

/**
 * A column's reference and current distributions. Its box keeps its height (the stylesheet's)
 * from the start, so the page's layout and scroll do not move as charts are drawn; ECharts starts
 * only once the box is near the viewport, then redraws on a new distribution or theme.
 * `data-drawn` is set once a chart has painted (the tests and the report_open figure wait on it).
 */
export class DistributionChartView extends LitElement {
  static override properties = { distribution: { attribute: false }, theme: { attribute: false }, label: {} };
  distribution!: Distribution;
  theme!: ChartTheme;
  label = '';
  echarts: EChartsType | undefined;
  private near = false;
  private resizer: ResizeObserver | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render(): TemplateResult {
    return html`<div class="distribution" role="img" aria-label=${this.label}></div>`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.near) nearViewport.observe(this);
  }

  /** Near the viewport for the first time: draw. */
  reached(): void {
    this.near = true;
    this.draw();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.echarts && (changed.has('distribution') || changed.has('theme'))) this.draw();
  }

  private draw(): void {
    if (!this.echarts) {
      const box = this.querySelector<HTMLElement>('.distribution')!;
      this.echarts = init(box, undefined, { renderer: 'canvas' });
      this.echarts.on('finished', () => this.setAttribute('data-drawn', ''));
      this.resizer = new ResizeObserver(() => this.echarts?.resize());
      this.resizer.observe(box);
    }
    this.echarts.setOption(distributionOption(this.distribution, this.theme), { notMerge: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    nearViewport.unobserve(this);
    toDraw.delete(this);
    this.resizer?.disconnect();
    this.echarts?.dispose();
    this.echarts = undefined;
    this.near = false;
    this.removeAttribute('data-drawn');
  }
}

customElements.define('distribution-chart', DistributionChartView);
