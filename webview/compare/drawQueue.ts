/** Charts waiting for their first draw, oldest first. */
const waiting: (() => void)[] = [];

/** Chromium's task scheduler (not yet in TypeScript's DOM types). */
interface TaskScheduler {
  postTask(task: () => void, options: { priority: 'background' }): Promise<unknown>;
}
const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;

/**
 * Runs a chart's first draw in a task of its own after the render that made it, one chart per
 * task, at background priority (below the page's loading and input). ECharts takes 100–300 ms to
 * lay out a chart of 20 runs: drawn inside the page's first render they held the main thread, so
 * the browser could neither paint nor finish loading the Media section's images until every chart
 * was done (media.compare_20). Between these tasks it can, and does so first.
 */
export function drawSoon(draw: () => void): void {
  waiting.push(draw);
  if (waiting.length === 1) later(drawNext);
}

function drawNext(): void {
  waiting.shift()?.();
  if (waiting.length > 0) later(drawNext);
}

function later(task: () => void): void {
  if (scheduler) void scheduler.postTask(task, { priority: 'background' });
  else setTimeout(task, 0);
}
