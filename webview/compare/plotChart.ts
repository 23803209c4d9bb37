import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { cssomStyle } from '../shared/cssomStyle';
import { drawSoon } from './drawQueue';
import { init, type EChartsType } from './echartsSetup';

/**
 * A chart drawn from a whole option each time (scatter, parallel coordinates, dots): no zoom state
 * to keep. Its series are runs (a series id is a run id), so the pointer over one says which.
 */
export class PlotChartView extends LitElement {
  static override properties = { option: { attribute: false }, label: {}, height: { attribute: false }, hover: { attribute: false } };
  option!: Parameters<EChartsType['setOption']>[0];
  label = '';
  /** Pixels; undefined: the stylesheet's. */
  height: number | undefined;
  hover: ((runId: string | null) => void) | undefined;
  /** Undefined until its first draw (drawQueue.ts). */
  echarts: EChartsType | undefined;
  private resizer: ResizeObserver | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render(): TemplateResult {
    return html`<div class="plot" role="img" aria-label=${this.label} ${cssomStyle(this.height === undefined ? {} : { height: `${this.height}px` })}></div>`;
  }

  protected override firstUpdated(): void {
    drawSoon(() => this.start());
  }

  /** The first draw, with the option of then; none if the chart left the page meanwhile. */
  private start(): void {
    if (!this.isConnected) return;
    const plot = this.querySelector<HTMLElement>('.plot')!;
    const echarts = init(plot, undefined, { renderer: 'canvas' });
    echarts.on('mouseover', (event) => this.hover?.(String((event as { seriesId?: string }).seriesId ?? '') || null));
    echarts.on('mouseout', () => this.hover?.(null));
    echarts.setOption(this.option, { notMerge: true });
    this.echarts = echarts;
    this.resizer = new ResizeObserver(() => this.echarts?.resize());
    this.resizer.observe(plot);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('option')) this.echarts?.setOption(this.option, { notMerge: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.echarts?.dispose();
    this.echarts = undefined;
  }
}

customElements.define('plot-chart', PlotChartView);
