import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { init, type EChartsType } from './echartsSetup';

/** A chart drawn from a whole option each time (scatter, parallel coordinates): no zoom state to keep. */
export class PlotChartView extends LitElement {
  static override properties = { option: { attribute: false }, label: {} };
  option!: Parameters<EChartsType['setOption']>[0];
  label = '';
  echarts: EChartsType | undefined;
  private resizer: ResizeObserver | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render(): TemplateResult {
    return html`<div class="plot" role="img" aria-label=${this.label}></div>`;
  }

  protected override firstUpdated(): void {
    const plot = this.querySelector<HTMLElement>('.plot')!;
    this.echarts = init(plot, undefined, { renderer: 'canvas' });
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
