/** The theme's colours and font, as the charts draw with them (read by themeReader.ts). */
export interface ChartTheme {
  runColours: string[];
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
}

/** A run's point shape (ECharts symbol names, drawn by the runs layer too): filled shapes, then outlined ones. Seven, so that with four dashes no pair repeats for 28 rounds. */
export type RunShape = 'circle' | 'triangle' | 'rect' | 'diamond' | 'emptyCircle' | 'emptyTriangle' | 'emptyRect';
const SHAPES: readonly RunShape[] = ['circle', 'triangle', 'rect', 'diamond', 'emptyCircle', 'emptyTriangle', 'emptyRect'];
/** Line dashes in pixels: solid, dashed, dotted, dash-dot. */
export type RunDash = 'solid' | number[];
const DASHES: readonly RunDash[] = ['solid', [6, 3], [1.5, 3], [8, 3, 2, 3]];

/**
 * How a run is drawn, so that thirty runs and more stay apart where twelve theme colours cannot:
 * the first round of runs (one per colour) has solid lines, each later round another dash and a
 * marker shape along its line; points (scatter, dots) take a shape per round.
 */
export interface RunStyle {
  colour: string;
  dash: RunDash;
  /** Marks along the run's line; null for the first round. */
  marker: RunShape | null;
  /** The run's symbol where it is a point. */
  shape: RunShape;
}

/**
 * A run keeps its style whatever the order: its palette index (`CompareRun.colour`) is its place in
 * the comparison as opened, from the host. Lines are distinct for 29 rounds of the theme's colours,
 * points for 7.
 */
export function runStyle(theme: ChartTheme, index: number): RunStyle {
  const colours = theme.runColours.length;
  const round = Math.floor(index / colours);
  return {
    colour: theme.runColours[index % colours]!,
    dash: DASHES[round % DASHES.length]!,
    marker: round === 0 ? null : SHAPES[(round - 1) % SHAPES.length]!,
    shape: SHAPES[round % SHAPES.length]!,
  };
}

/** How much of its opacity a run keeps while another is under the pointer. */
export const DIMMED = 0.15;

/** A run while one is under the pointer (in a chart, the legend or the table): it, another, or none hovered. */
export type RunFocus = 'none' | 'hovered' | 'dimmed';

export function focusOf(runId: string, hovered: string | null): RunFocus {
  return hovered === null ? 'none' : hovered === runId ? 'hovered' : 'dimmed';
}

/** The CSS class of a run's legend entry or table column: '' when no run is hovered. */
export function focusClass(runId: string, hovered: string | null): '' | 'hovered' | 'dimmed' {
  const focus = focusOf(runId, hovered);
  return focus === 'none' ? '' : focus;
}

/** A run's opacity: faded while another run is under the pointer. */
export function focusOpacity(runId: string, hovered: string | null): number {
  return focusOf(runId, hovered) === 'dimmed' ? DIMMED : 1;
}
