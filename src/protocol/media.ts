import type { PlotData } from '../core/artifacts/types';

export type { PlotData } from '../core/artifacts/types';

/**
 * A run's plots and images as the run and compare webviews receive them. Plots carry their data
 * (small: parsed JSON/CSV); images carry only a webview URI (`asWebviewUri`), never their bytes,
 * and never the file's absolute path.
 */
export interface MediaPlot {
  /** Stable across runs: the same plot of two runs has the same id. */
  id: string;
  title: string;
  data: PlotData;
}

export interface MediaImage {
  /** Stable across runs and steps. */
  key: string;
  /** null when logged without a step (a figure). */
  step: number | null;
  /** What the webview loads: a webview resource URI inside the run's open artifact roots. */
  uri: string;
  /** The file's name, for its alt text and tooltip. */
  name: string;
  /** A smaller copy the logger wrote (MLflow's `%compressed.webp`), for compare's thumbnails. */
  thumbnailUri?: string;
}

export interface MediaView {
  plots: MediaPlot[];
  images: MediaImage[];
  /** Files that looked like media but could not be read, by name (relative to their root), and why. */
  problems: { file: string; message: string }[];
}

/** Each compared run's media, in the table's column order. */
export interface CompareMedia {
  runs: { runId: string; media: MediaView }[];
}
