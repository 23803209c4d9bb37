/**
 * How long a burst of file changes settles before the changed source is read again. Small, so a
 * training run's new metrics show within a second; not zero, so one write of many lines is one read.
 */
export const LIVE_DEBOUNCE_MS = 100;
/** While a source keeps changing without a pause (a run logging every few ms), it is still read at least this often. */
export const LIVE_MAX_WAIT_MS = 500;
/**
 * How often live sources are also looked at directly, for the changes the file watcher misses (it
 * never watches a folder made moments after its parent). A check costs a few `stat` calls.
 */
export const LIVE_POLL_MS = 1000;
