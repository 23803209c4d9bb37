import type { FromCompareWebview, XRange } from '../../src/protocol/compare';

/** A chart whose x range follows the others'. */
export interface LinkedChart {
  readonly metric: string;
  /** Its plot's width in CSS px: the host cuts one bucket per pixel column. */
  readonly width: number;
  /** Shows this range (null: everything) without reporting it back. */
  showRange(range: XRange | null): void;
}

/** Once the wheel or the slider rests this long, each chart asks for its range at full resolution. */
const SETTLE_MS = 150;

/**
 * Links the zoom of every chart: a zoom on one shows the same x range on all, then asks the host
 * for each chart's buckets of that range. Each ask has a new id, and only the answer to a metric's
 * latest ask is drawn, so a slow answer to an older zoom never replaces a newer one.
 */
export class ZoomLink {
  private readonly charts = new Set<LinkedChart>();
  private readonly latest = new Map<string, number>();
  private nextId = 1;
  private settle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly post: (message: FromCompareWebview) => void) {}

  add(chart: LinkedChart): void {
    this.charts.add(chart);
  }

  remove(chart: LinkedChart): void {
    this.charts.delete(chart);
  }

  /** A user zoomed one chart (or, with no source, pressed Reset zoom). */
  zoomed(source: LinkedChart | undefined, range: XRange | null): void {
    for (const chart of this.charts) if (chart !== source) chart.showRange(range);
    clearTimeout(this.settle);
    this.settle = setTimeout(() => this.ask(range), SETTLE_MS);
  }

  /** Whether a series answer is for the latest zoom of its metric. */
  isLatest(id: number, metric: string): boolean {
    return this.latest.get(metric) === id;
  }

  private ask(range: XRange | null): void {
    if (range === null) {
      // Back to everything: the next snapshot carries it, and no zoom answer still on its way applies.
      this.latest.clear();
      this.post({ type: 'resetZoom' });
      return;
    }
    for (const chart of this.charts) {
      const id = this.nextId++;
      this.latest.set(chart.metric, id);
      this.post({ type: 'zoom', id, metric: chart.metric, xFrom: range.xFrom, xTo: range.xTo, width: chart.width });
    }
  }
}
