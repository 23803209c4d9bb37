import { formatNumber } from '../../src/common/format';
import type { Direction } from '../../src/common/direction';
import type { CompareRun, XAxis } from '../../src/protocol/compare';
import { xLabel } from './axisText';
import type { RunStyle } from './palette';
import type { ValuesAt } from './runPointer';
import { runLabelElement, runSwatch } from './runLabel';
import * as l10n from '@vscode/l10n';
import { tipRow } from '../shared/tipText';

/** Rows of a tooltip before "+N more": a hundred runs would run off the panel's edge. */
export const TOOLTIP_ROWS = 12;

export interface TooltipRuns {
  runs: ReadonlyMap<string, CompareRun>;
  styleOf(run: CompareRun): RunStyle;
  /** The chart's metric's better direction: the best value leads. */
  direction: Direction | null;
  /** The run under the pointer: always listed, marked. */
  hovered: string | null;
}

/** One run's value at the tooltip's x. */
interface TipValue {
  run: CompareRun;
  y: number | null;
}

/**
 * A line chart's tooltip as DOM built from text (a run name is user input): the x, then the runs'
 * values there, sorted (best first when the direction is known, else highest first; no value
 * last) and cut at TOOLTIP_ROWS with "+N more", the hovered run always kept.
 */
export function lineTooltip(axis: XAxis, at: ValuesAt, context: TooltipRuns): HTMLElement {
  const values = at.values.flatMap(({ runId, y }): TipValue[] => {
    const run = context.runs.get(runId);
    return run ? [{ run, y }] : [];
  });
  const box = document.createElement('div');
  const head = document.createElement('div');
  head.className = 'tip-head';
  head.textContent = xLabel(at.x, axis);
  box.append(head, ...valueRows(values, context));
  return box;
}

/** The rows of a tooltip listing runs' values: sorted, capped, the hovered run kept and marked. */
export function valueRows(values: readonly TipValue[], context: Pick<TooltipRuns, 'styleOf' | 'direction' | 'hovered'>): HTMLElement[] {
  const sorted = sortValues(values, context.direction);
  const shown = sorted.slice(0, TOOLTIP_ROWS);
  const hovered = sorted.findIndex((v) => v.run.id === context.hovered);
  if (hovered >= TOOLTIP_ROWS) shown[TOOLTIP_ROWS - 1] = sorted[hovered]!;
  const rows = shown.map((v) => {
    const row = tipRow(runLabelElement(v.run), v.y === null ? '—' : formatNumber(v.y), runSwatch(context.styleOf(v.run)));
    if (v.run.id === context.hovered) row.classList.add('hovered');
    return row;
  });
  const more = sorted.length - shown.length;
  if (more > 0) {
    const line = document.createElement('div');
    line.className = 'tip-more';
    line.textContent = l10n.t('+{0} more', more);
    rows.push(line);
  }
  return rows;
}

function sortValues(values: readonly TipValue[], direction: Direction | null): TipValue[] {
  const sign = direction === 'lower' ? 1 : -1;
  return [...values].sort((a, b) => (a.y === null ? (b.y === null ? 0 : 1) : b.y === null ? -1 : sign * (a.y - b.y)));
}
