/** Charts waiting for their first draw, oldest first. */
const waiting: (() => void)[] = [];

/**
 * Runs a chart's first draw in a task of its own, after the render that made it, one chart per
 * task. ECharts takes 100–300 ms to lay out a chart of 20 runs; drawn inside the page's first
 * render they held the main thread, so the browser could neither paint nor finish loading the Media
 * section's images until every chart was done (media.compare_20). Between these tasks it can.
 */
export function drawSoon(draw: () => void): void {
  waiting.push(draw);
  if (waiting.length === 1) setTimeout(drawNext, 0);
}

function drawNext(): void {
  waiting.shift()?.();
  if (waiting.length > 0) setTimeout(drawNext, 0);
}
