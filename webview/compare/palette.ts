/**
 * Run colours from the theme: VS Code's chart colours, then terminal colours that every built-in
 * theme (high contrast included) defines. Read from CSS variables, so a theme change recolours.
 */
const RUN_COLOUR_VARIABLES = [
  '--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-red', '--vscode-charts-purple',
  '--vscode-charts-yellow', '--vscode-terminal-ansiCyan', '--vscode-terminal-ansiMagenta', '--vscode-terminal-ansiBrightBlue',
  '--vscode-terminal-ansiBrightGreen', '--vscode-terminal-ansiBrightRed', '--vscode-terminal-ansiBrightYellow',
];

export interface ChartTheme {
  runColours: string[];
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
}

export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const read = (name: string) => style.getPropertyValue(name).trim();
  const foreground = read('--vscode-foreground');
  const colours = RUN_COLOUR_VARIABLES.map(read).filter((c) => c !== '');
  return {
    runColours: colours.length > 0 ? [...new Set(colours)] : [foreground],
    foreground,
    muted: read('--vscode-descriptionForeground') || foreground,
    grid: read('--vscode-editorWidget-border') || read('--vscode-widget-border') || read('--vscode-descriptionForeground'),
    background: read('--vscode-editor-background'),
    font: read('--vscode-font-family'),
  };
}

/** An ECharts symbol: filled shapes, then outlined ones. Seven, so that with four dashes no pair repeats for 28 rounds. */
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

/** Calls back when VS Code switches theme (it sets the body's classes: vscode-light, vscode-dark, vscode-high-contrast). */
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

export function onThemeChange(callback: () => void): MutationObserver {
  const observer = new MutationObserver(callback);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return observer;
}
