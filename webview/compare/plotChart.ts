import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { cssomStyle } from '../shared/cssomStyle';
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
  echarts: EChartsType | undefined;
  private resizer: ResizeObserver | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render(): TemplateResult {
    return html`<div class="plot" role="img" aria-label=${this.label} ${cssomStyle(this.height === undefined ? {} : { height: `${this.height}px` })}></div>`;
  }

  protected override firstUpdated(): void {
    const plot = this.querySelector<HTMLElement>('.plot')!;
    this.echarts = init(plot, undefined, { renderer: 'canvas' });
    this.echarts.on('mouseover', (event) => this.hover?.(String((event as { seriesId?: string }).seriesId ?? '') || null));
    this.echarts.on('mouseout', () => this.hover?.(null));
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
