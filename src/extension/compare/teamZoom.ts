import type { XAxis } from '../../common/xAxes';
import { toSeriesColumns, type MetricChart, type SeriesColumns } from '../../core/compare/chart';
import { downsample } from '../../core/compare/downsample';

/** A window of one pulled series, as the team store is asked for it. */
export interface TeamPointsRequest {
  runId: string;
  key: string;
  fromStep: number;
  toStep: number;
  maxPoints: number;
}

/** Full-resolution points from the team store the folder is connected to (by step); undefined when it is not connected. */
export type FetchTeamPoints = (folder: string, request: TeamPointsRequest) => Promise<TeamPoints | undefined>;

/** A window of a series at full resolution, in step order; `truncated` when it holds more than the request's maxPoints. */
export interface TeamPoints {
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  truncated: boolean;
}

/** A zoom window holding more points than this stays at the coarse levels: the chart has only so many pixel columns anyway. */
const MAX_POINTS = 200_000;
/** A series this small is drawn from its raw points even unzoomed: fetching them costs less than a blurred line. */
const SMALL_SERIES = 10_000;
/** Fine series kept per panel: the windows zoomed lately. */
const KEPT = 64;
const KEPT_UNFETCHED = 256;
/** A window of a growing run is fetched again at most this often: a live teammate's run would otherwise refetch on every snapshot. */
const REFETCH_MS = 2000;

/**
 * The compare panel's zoom on a teammate's runs: the local store holds only their coarse pyramid
 * levels, so a window cut finer than those is fetched from the team store at full resolution
 * (step axis: the server indexes points by step). Fetched series are kept per window and point
 * count, so snapshots reuse them until the run grows; a failed fetch leaves the coarse line.
 */
export class TeamZoom {
  private readonly fine = new Map<string, SeriesColumns>();
  /** The last fine series of each window whatever its point count, and when it was fetched: shown while the grown run is fetched again, so the line never falls back to coarse and flickers. */
  private readonly latest = new Map<string, { series: SeriesColumns; at: number }>();
  private refetchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly fetching = new Map<string, Promise<void>>();
  /** Windows fetched without a fine series (failed, not connected, too many points): snapshots do not ask again, which would loop; a zoom does. The latest KEPT_UNFETCHED only. */
  private readonly unfetched = new Set<string>();

  constructor(
    private readonly folder: string,
    private readonly fetch: FetchTeamPoints,
    /** The series' point count now (it grows while a teammate's run logs). */
    private readonly countOf: (runId: string, key: string) => number,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** The team store connected, went offline or came back: what could not be fetched may be now. */
  forgetUnfetched(): void {
    this.unfetched.clear();
  }

  /** The chart with its coarse series replaced by the fine ones fetched before; `missing` is called when some are not fetched yet. */
  withFetched(chart: MetricChart, xAxis: XAxis, width: number, missing: () => void): MetricChart {
    let lacking = false;
    let soonest = Number.POSITIVE_INFINITY;
    const series = chart.series.map((s) => {
      const key = this.keyOf(chart, s, xAxis, width);
      if (key === undefined) return s;
      const fine = this.fine.get(key);
      if (fine) return fine;
      const previous = this.latest.get(windowOf(key));
      if (!this.fetching.has(key) && !this.unfetched.has(key)) {
        const wait = previous ? previous.at + REFETCH_MS - Date.now() : 0;
        if (wait <= 0) lacking = true;
        else soonest = Math.min(soonest, wait);
      }
      return previous?.series ?? s;
    });
    if (lacking) missing();
    else if (soonest !== Number.POSITIVE_INFINITY && this.refetchTimer === undefined) {
      this.refetchTimer = setTimeout(() => {
        this.refetchTimer = undefined;
        missing();
      }, soonest);
    }
    return { ...chart, series };
  }

  /** Fetches what the chart lacks (each window once at a time), then answers as withFetched. */
  async refine(chart: MetricChart, xAxis: XAxis, width: number): Promise<MetricChart> {
    await Promise.all(chart.series.map((s) => this.fetchSeries(chart, s, xAxis, width)));
    return this.withFetched(chart, xAxis, width, () => undefined);
  }

  /**
   * A zoomed chart is refined, and a small series (a metric logged every hundred steps, whose
   * coarse levels are a few wide summaries) even unzoomed; a big series' whole line is drawn well
   * enough by the coarse levels, which hold about a summary per pixel column.
   */
  private keyOf(chart: MetricChart, series: SeriesColumns, xAxis: XAxis, width: number): string | undefined {
    const { range, extent } = chart;
    if (!series.finerOnTeamStore || xAxis !== 'step' || range === null || extent === null) return undefined;
    const count = this.countOf(series.runId, chart.metric);
    const zoomed = range.xFrom > extent.xFrom || range.xTo < extent.xTo;
    if (!zoomed && count > SMALL_SERIES) return undefined;
    return [series.runId, chart.metric, range.xFrom, range.xTo, width, count].join('\u0000');
  }

  private fetchSeries(chart: MetricChart, series: SeriesColumns, xAxis: XAxis, width: number): Promise<void> {
    const key = this.keyOf(chart, series, xAxis, width);
    if (key === undefined || this.fine.has(key)) return Promise.resolve();
    const running = this.fetching.get(key);
    if (running) return running;
    this.unfetched.delete(key);
    const { xFrom, xTo } = chart.range!;
    const request = { runId: series.runId, key: chart.metric, fromStep: Math.floor(xFrom), toStep: Math.ceil(xTo), maxPoints: MAX_POINTS };
    const done = this.fetch(this.folder, request)
      .then((points) => {
        if (!points || points.truncated) {
          this.noFiner(key); // not connected, or too many to be worth it
          return;
        }
        const buckets = downsample(points.steps, points.values, { xFrom, xTo, width });
        this.keep(key, toSeriesColumns(series.runId, { buckets, level: 0 }));
      })
      .catch((error: unknown) => {
        this.noFiner(key);
        this.failed(error);
      })
      .finally(() => this.fetching.delete(key));
    this.fetching.set(key, done);
    return done;
  }

  private noFiner(key: string): void {
    this.unfetched.add(key);
    for (const old of this.unfetched) {
      if (this.unfetched.size <= KEPT_UNFETCHED) break;
      this.unfetched.delete(old);
    }
  }

  /** Stops a pending refetch (the panel closed). */
  dispose(): void {
    clearTimeout(this.refetchTimer);
  }

  private keep(key: string, series: SeriesColumns): void {
    this.fine.set(key, series);
    const window = windowOf(key);
    this.latest.delete(window); // re-inserted last: the map stays in order of use
    this.latest.set(window, { series, at: Date.now() });
    for (const old of this.latest.keys()) {
      if (this.latest.size <= KEPT) break;
      this.latest.delete(old);
    }
    for (const old of this.fine.keys()) {
      if (this.fine.size <= KEPT) break;
      this.fine.delete(old);
    }
  }
}

/** A fine series' key without its point count: the same run, metric, window and width. */
function windowOf(key: string): string {
  return key.slice(0, key.lastIndexOf('\u0000'));
}
