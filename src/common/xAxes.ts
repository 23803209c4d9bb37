/** A chart's x axis: step; wall time (ms since the epoch); or ms since the run's start (its first point when it has no start time). */
export const X_AXES = ['step', 'wallTime', 'relativeTime'] as const;
export type XAxis = (typeof X_AXES)[number];
