/**
 * What a run produced beyond numbers, as the run panel, the compare panel and `resolve` see it.
 * Paths are absolute on this machine unless said otherwise; every one resolves inside its root.
 */

/** A folder a run's artifacts live in. */
export interface ArtifactRoot {
  /** The tree's top row: `artifacts`, `dvclive/plots`, `logged files`… */
  label: string;
  /** Absolute folder; nothing outside it (after symlinks) is listed, previewed or served. */
  dir: string;
  /** Which media layouts apply inside it. */
  layout: 'mlflow' | 'dvclive' | 'runlog' | 'workspace';
  /** Only these files (relative to `dir`, `/`-separated) belong to the run, as for a run log's or dvc.yaml's declared artifacts; absent: the whole folder. */
  files?: string[];
}

/** One entry of the artifact tree. */
export interface ArtifactEntry {
  /** Relative to its root, `/`-separated. */
  path: string;
  kind: 'file' | 'folder';
  /** Bytes; for a folder the sum of what was listed under it. */
  size: number;
  /** From the store or the registry when known (never computed just to list). */
  sha256: string | null;
}

/** A DVCLive/dvc.yaml, MLflow or run-log plot, in one shape for every source. */
export type PlotData =
  | { kind: 'confusion'; /** class names in order */ labels: string[]; /** counts[actual][predicted] */ counts: number[][] }
  | {
      kind: 'roc' | 'precision_recall' | 'calibration' | 'xy';
      xLabel: string;
      yLabel: string;
      /** One or more lines; a ROC curve per class, or one. */
      series: { name: string; x: number[]; y: number[] }[];
    }
  | { kind: 'table'; columns: string[]; /** at most 1,000 rows kept; `totalRows` says how many there were */ rows: (string | number | boolean | null)[][]; totalRows: number };

export interface RunPlot {
  /** Stable across runs (the same plot of two runs has the same id): `sklearn/confusion_matrix`, a dvc.yaml plot id, an MLflow table's artifact path… */
  id: string;
  title: string;
  /** The file it was read from (absolute). */
  file: string;
  data: PlotData;
}

/** An image logged once or per step. `key` is stable across runs and steps. */
export interface RunImage {
  key: string;
  /** null when logged without a step. */
  step: number | null;
  /** Absolute path of the image file (PNG, JPEG, GIF, SVG, WebP). */
  file: string;
  /** A smaller copy of it the logger wrote beside it (MLflow's `%compressed.webp`), for thumbnails; absent when there is none. */
  thumbnail?: string;
}

/** Figures (`mlflow.log_figure`, DVCLive's image plots without steps) are images with step null. */
export interface RunMedia {
  plots: RunPlot[];
  images: RunImage[];
  /** Files that looked like media but could not be read: which, and why. */
  problems: { file: string; message: string }[];
}
