import type { XRange } from '../../src/protocol/compare';

/**
 * The range a key moves a focused chart to: + and - zoom around the middle, arrows pan by a fifth,
 * 0 shows everything (null). Undefined: not a key of the chart's. Stays inside the extent.
 */
export function keyZoom(key: string, shown: XRange, extent: XRange): XRange | null | undefined {
  const width = shown.xTo - shown.xFrom;
  const middle = (shown.xFrom + shown.xTo) / 2;
  switch (key) {
    case '+':
    case '=':
      return clamp(middle - width / 4, middle + width / 4, extent);
    case '-':
    case '_':
      return clamp(middle - width, middle + width, extent);
    case 'ArrowLeft':
      return clamp(shown.xFrom - width / 5, shown.xTo - width / 5, extent);
    case 'ArrowRight':
      return clamp(shown.xFrom + width / 5, shown.xTo + width / 5, extent);
    case '0':
      return null;
    default:
      return undefined;
  }
}

/** Keeps the range's width where it can, moving it back inside the extent; the whole extent is null. */
function clamp(from: number, to: number, extent: XRange): XRange | null {
  const width = Math.min(to - from, extent.xTo - extent.xFrom);
  let xFrom = Math.max(extent.xFrom, from);
  let xTo = xFrom + width;
  if (xTo > extent.xTo) {
    xTo = extent.xTo;
    xFrom = xTo - width;
  }
  return xFrom <= extent.xFrom && xTo >= extent.xTo ? null : { xFrom, xTo };
}
