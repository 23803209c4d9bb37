import type { RunImage, RunMedia, RunPlot } from '../../core/artifacts/types';
import { errorMessage } from '../../core/errors';
import { PlotFormatError } from './plotFormatError';

/**
 * Collects what the readers of one run's roots find. The first plot with an id wins (a dvc.yaml
 * entry and the folder scan can name the same file), as does the first image of a key and step.
 */
export class MediaSink {
  private readonly plots = new Map<string, RunPlot>();
  private readonly images = new Map<string, RunImage>();
  private readonly problems: RunMedia['problems'] = [];

  hasPlot(id: string): boolean {
    return this.plots.has(id);
  }

  addPlot(plot: RunPlot): void {
    if (!this.plots.has(plot.id)) this.plots.set(plot.id, plot);
  }

  addImage(image: RunImage): void {
    const slot = `${image.key}\0${image.step ?? ''}`;
    if (!this.images.has(slot)) this.images.set(slot, image);
  }

  problem(file: string, message: string): void {
    this.problems.push({ file, message });
  }

  /** What `read` returns; undefined, with a problem naming `file`, when its content is not the plot it should be. */
  orProblem<T>(file: string, read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof PlotFormatError)) throw error;
      this.problem(file, errorMessage(error));
      return undefined;
    }
  }

  /** Plots by id, images by key then step (null first): the order the panels show them in. */
  result(): RunMedia {
    const plots = [...this.plots.values()].sort((a, b) => compareText(a.id, b.id));
    const images = [...this.images.values()].sort((a, b) => compareText(a.key, b.key) || (a.step ?? -Infinity) - (b.step ?? -Infinity));
    return { plots, images, problems: [...this.problems] };
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
