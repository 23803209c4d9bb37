import { html, nothing, type TemplateResult } from 'lit';
import type { CompareRun, CompareState, MediaImage, MediaPlot } from '../../src/protocol/compare';
import { confusionHeight, confusionOption, largestCount } from '../shared/media/confusionOption';
import { curveOption, type CurveLine } from '../shared/media/curveOption';
import { imageFigure } from '../shared/media/imageFigure';
import { chosenStep, distinctSteps, figuresOf, steppedByKey } from '../shared/media/steps';
import { stepSlider } from '../shared/media/stepSlider';
import { plotView } from '../shared/media/plotView';
import { runStyle, type ChartTheme } from './palette';
import { runLabel, runText } from './runLabel';
import * as l10n from '@vscode/l10n';
import '../shared/media/mediaChart';

export interface MediaContext {
  state: CompareState;
  theme: ChartTheme;
  steps: Readonly<Record<string, number>>;
  chooseStep(key: string, step: number): void;
}

/** One plot id across the runs: each run that has it, in column order. */
interface PlotGroup {
  id: string;
  title: string;
  of: { run: CompareRun; plot: MediaPlot }[];
}

/**
 * The Media section: the same plot or image of each run side by side. Confusion matrices share one
 * colour scale (the largest count of them all), curves of every run are drawn in one chart in the
 * runs' colours, tables sit next to each other, and each image key has one step slider for all runs.
 */
export function mediaSection(c: MediaContext): TemplateResult {
  const plots = plotGroups(c.state);
  const runs = runsWithMedia(c.state);
  const images = runs.flatMap((r) => r.media.images);
  if (plots.length === 0 && images.length === 0) return html`<p class="empty">${l10n.t('None of these runs has plots or images.')}</p>`;
  const stepped = [...new Set(images.filter((i) => i.step !== null).map((i) => i.key))];
  const figures = [...new Set(figuresOf(images).map((i) => i.key))];
  return html`
    ${plots.map((group) => plotGroup(group, c))}
    ${stepped.map((key, i) => steppedImages(`media-step-${i}`, key, runs, c))}
    ${figures.map((key) => figureRow(key, runs))}
  `;
}

function runsWithMedia(state: CompareState): { run: CompareRun; media: CompareState['media']['runs'][number]['media'] }[] {
  const media = new Map(state.media.runs.map((r) => [r.runId, r.media]));
  return state.runs.flatMap((run) => {
    const found = media.get(run.id);
    return found ? [{ run, media: found }] : [];
  });
}

function plotGroups(state: CompareState): PlotGroup[] {
  const groups = new Map<string, PlotGroup>();
  for (const { run, media } of runsWithMedia(state)) {
    for (const plot of media.plots) {
      const group = groups.get(plot.id) ?? { id: plot.id, title: plot.title, of: [] };
      group.of.push({ run, plot });
      groups.set(plot.id, group);
    }
  }
  return [...groups.values()];
}

function plotGroup(group: PlotGroup, c: MediaContext): TemplateResult {
  const missing = c.state.runs.filter((run) => !group.of.some((o) => o.run.id === run.id));
  return html`<section class="media-group" data-plot-id=${group.id} aria-label=${group.title}>
    <h3>${group.title}</h3>
    ${missing.length > 0 ? html`<p class="note">${l10n.t('Not in: {0}', missing.map(runText).join(', '))}</p>` : nothing}
    ${groupBody(group, c.theme)}
  </section>`;
}

function groupBody(group: PlotGroup, theme: ChartTheme): TemplateResult {
  const first = group.of[0]!.plot.data;
  if (first.kind === 'confusion') {
    const max = Math.max(...group.of.map((o) => (o.plot.data.kind === 'confusion' ? largestCount(o.plot.data.counts) : 0)));
    return html`<div class="side-by-side">
      ${group.of.map(({ run, plot }) =>
        plot.data.kind === 'confusion'
          ? runCell(run, html`<media-chart
              .option=${confusionOption({ labels: plot.data.labels, counts: plot.data.counts, theme, max })}
              .height=${confusionHeight(plot.data.labels.length)}
              label=${l10n.t('{0} of {1}', group.title, runText(run))}
            ></media-chart>`)
          : runCell(run, plotView(plot, theme)),
      )}
    </div>`;
  }
  if (first.kind === 'table') return html`<div class="side-by-side">${group.of.map(({ run, plot }) => runCell(run, plotView(plot, theme)))}</div>`;
  const lines: CurveLine[] = group.of.flatMap(({ run, plot }) => {
    if (plot.data.kind === 'confusion' || plot.data.kind === 'table') return [];
    const style = runStyle(theme, run.colour);
    const single = plot.data.series.length === 1;
    return plot.data.series.map((s, i) => ({
      id: `${run.id}:${i}`,
      name: single ? runText(run) : l10n.t('{0} · {1}', runText(run), s.name),
      x: s.x,
      y: s.y,
      colour: style.colour,
      dash: style.dash,
    }));
  });
  return html`<media-chart .option=${curveOption({ kind: first.kind, xLabel: first.xLabel, yLabel: first.yLabel, lines, theme })} .height=${360} label=${group.title}></media-chart>`;
}

function runCell(run: CompareRun, body: TemplateResult): TemplateResult {
  return html`<div class="run-cell" data-run-id=${run.id}><div class="run-cell-label">${runLabel(run)}</div>${body}</div>`;
}

function steppedImages(id: string, key: string, runs: ReturnType<typeof runsWithMedia>, c: MediaContext): TemplateResult {
  const perRun = runs.map(({ run, media }) => ({ run, images: steppedByKey(media.images).get(key) ?? [] }));
  const steps = distinctSteps(perRun.flatMap((r) => r.images));
  const step = chosenStep(steps, c.steps[key])!;
  return html`<section class="media-group" data-key=${key} aria-label=${key}>
    <h3>${key}</h3>
    ${stepSlider(id, l10n.t('Step'), steps, step, (chosen) => c.chooseStep(key, chosen))}
    <div class="side-by-side thumbnails">
      ${perRun.map(({ run, images }) => {
        const image = images.find((i) => i.step === step);
        return runCell(run, image ? imageFigure(image, l10n.t('{0} of {1} at step {2}', key, runText(run), step), true) : html`<p class="empty">${l10n.t('No image at step {0}.', step)}</p>`);
      })}
    </div>
  </section>`;
}

function figureRow(key: string, runs: ReturnType<typeof runsWithMedia>): TemplateResult {
  return html`<section class="media-group" data-key=${key} aria-label=${key}>
    <h3>${key}</h3>
    <div class="side-by-side thumbnails">
      ${runs.map(({ run, media }) => {
        const image: MediaImage | undefined = media.images.find((i) => i.key === key && i.step === null);
        return runCell(run, image ? imageFigure(image, l10n.t('{0} of {1}', key, runText(run)), true) : html`<p class="empty">${l10n.t('Not logged.')}</p>`);
      })}
    </div>
  </section>`;
}
