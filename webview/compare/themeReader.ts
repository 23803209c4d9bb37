import type { ChartTheme } from './palette';

/**
 * Run colours from the theme: VS Code's chart colours, then terminal colours that every built-in
 * theme (high contrast included) defines. Read from CSS variables, so a theme change recolours.
 */
const RUN_COLOUR_VARIABLES = [
  '--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-red', '--vscode-charts-purple',
  '--vscode-charts-yellow', '--vscode-terminal-ansiCyan', '--vscode-terminal-ansiMagenta', '--vscode-terminal-ansiBrightBlue',
  '--vscode-terminal-ansiBrightGreen', '--vscode-terminal-ansiBrightRed', '--vscode-terminal-ansiBrightYellow',
];

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

/** Calls back when VS Code switches theme (it sets the body's classes: vscode-light, vscode-dark, vscode-high-contrast). */
export function onThemeChange(callback: () => void): MutationObserver {
  const observer = new MutationObserver(callback);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return observer;
}
