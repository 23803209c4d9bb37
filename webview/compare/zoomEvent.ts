import type { XRange } from '../../src/protocol/compare';

/** What a `datazoom` event carries: the dataZoom action's payload, a wheel or drag's in `batch`. */
interface ZoomPayload {
  start?: unknown;
  end?: unknown;
  startValue?: unknown;
  endValue?: unknown;
  batch?: unknown;
}

/**
 * The x window a `datazoom` event moved to (null: everything), from the event alone: reading it
 * back with getOption() clones every series' data, which at 100 runs cost more than the redraw.
 * Percentages (wheel, slider) are of `extent`, values (keys, dispatched windows) are x itself.
 * Undefined when the event does not say both ends.
 */
export function zoomedWindow(event: unknown, extent: XRange): XRange | null | undefined {
  const payload = event as ZoomPayload;
  const item = (Array.isArray(payload.batch) ? payload.batch[0] : payload) as ZoomPayload | undefined;
  if (!item) return undefined;
  const span = extent.xTo - extent.xFrom;
  let range: XRange;
  if (typeof item.start === 'number' && typeof item.end === 'number') {
    range = { xFrom: extent.xFrom + (span * item.start) / 100, xTo: extent.xFrom + (span * item.end) / 100 };
  } else if (typeof item.startValue === 'number' && typeof item.endValue === 'number') {
    range = { xFrom: item.startValue, xTo: item.endValue };
  } else {
    return undefined;
  }
  return range.xFrom <= extent.xFrom && range.xTo >= extent.xTo ? null : range;
}
