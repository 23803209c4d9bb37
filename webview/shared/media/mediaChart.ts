import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { cssomStyle } from '../cssomStyle';
import { init, type EChartsType } from './echartsSetup';

/** One plot of a run (or of several runs overlaid), drawn from a whole option each time it changes. */
export class MediaChartView extends LitElement {
  static override properties = { option: { attribute: false }, label: {}, height: { attribute: false } };
  option!: Parameters<EChartsType['setOption']>[0];
  label = '';
  /** Pixels. */
  height = 320;
  echarts: EChartsType | undefined;
  private resizer: ResizeObserver | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render(): TemplateResult {
    return html`<div class="plot" role="img" aria-label=${this.label} ${cssomStyle({ height: `${this.height}px` })}></div>`;
  }

  protected override firstUpdated(): void {
    const plot = this.querySelector<HTMLElement>('.plot')!;
    this.echarts = init(plot, undefined, { renderer: 'canvas' });
    this.echarts.setOption(this.option, { notMerge: true });
    this.resizer = new ResizeObserver(() => this.echarts?.resize());
    this.resizer.observe(plot);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('option') && changed.get('option') !== undefined) this.echarts?.setOption(this.option, { notMerge: true });
    if (changed.has('height')) this.echarts?.resize();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.echarts?.dispose();
    this.echarts = undefined;
  }
}

customElements.define('media-chart', MediaChartView);
