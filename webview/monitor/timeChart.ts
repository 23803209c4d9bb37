import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { init, type EChartsType } from './echartsSetup';

/** A time series chart drawn from a whole option; a click on a point calls back with the point's data name. */
export class TimeChartView extends LitElement {
  static override properties = { option: { attribute: false }, label: {}, pick: { attribute: false } };
  option!: Parameters<EChartsType['setOption']>[0];
  label = '';
  /** Called with the `name` of the clicked point (a check id). */
  pick: ((name: string) => void) | undefined;
  echarts: EChartsType | undefined;
  private resizer: ResizeObserver | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render(): TemplateResult {
    return html`<div class="time-chart" role="img" aria-label=${this.label}></div>`;
  }

  protected override firstUpdated(): void {
    const plot = this.querySelector<HTMLElement>('.time-chart')!;
    this.echarts = init(plot, undefined, { renderer: 'canvas' });
    this.echarts.on('click', (event) => {
      const name = (event as { name?: string }).name;
      if (name) this.pick?.(name);
    });
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

customElements.define('time-chart', TimeChartView);
