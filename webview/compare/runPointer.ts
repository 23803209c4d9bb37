import { indexesWithin } from './bandShape';
import type { PixelMap } from './pixelMap';
import type { RunDrawing } from './runDrawing';

/** How near its line (in CSS px) the pointer names a run. */
export const HIT_PX = 5;

/**
 * The run whose line (or dot) passes nearest the pointer at px, py, within HIT_PX; null when none.
 * Only the segments around the pointer's x are measured: a handful per run, not its whole line.
 */
export function runAt(drawings: readonly RunDrawing[], map: PixelMap, px: number, py: number): string | null {
  let nearest: string | null = null;
  let best = HIT_PX;
  const from = map.xAt(px - HIT_PX);
  const to = map.xAt(px + HIT_PX);
  for (const d of drawings) {
    const [first, last] = indexesWithin(d.xs, Math.min(from, to), Math.max(from, to));
    for (let i = first; i <= last; i++) {
      const y = d.y[i];
      if (y === null || y === undefined) continue;
      const a: [number, number] = [map.x(d.xs[i]!), map.y(y)];
      const next = i < last ? d.y[i + 1] : null;
      const distance = next === null || next === undefined ? Math.hypot(px - a[0], py - a[1]) : toSegment(px, py, a, [map.x(d.xs[i + 1]!), map.y(next)]);
      if (distance <= best) {
        best = distance;
        nearest = d.runId;
      }
    }
  }
  return nearest;
}

function toSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The runs' values at one x, for the tooltip. */
export interface ValuesAt {
  /** The x of the bucket nearest the pointer among all runs' (the tooltip's head). */
  x: number;
  values: { runId: string; y: number | null }[];
}

/**
 * At the pointer's x value: the nearest bucket of any run, then each run's value at its own bucket
 * nearest that x; runs whose buckets all lie farther than `reach` (in x units) are left out (a run
 * that ended earlier, or started later). Null when no run has a bucket.
 */
export function valuesAt(drawings: readonly RunDrawing[], x: number, reach: number): ValuesAt | null {
  let snapped: number | null = null;
  for (const d of drawings) {
    const i = nearestIndex(d.xs, x);
    if (i >= 0 && (snapped === null || Math.abs(d.xs[i]! - x) < Math.abs(snapped - x))) snapped = d.xs[i]!;
  }
  if (snapped === null) return null;
  const at = snapped;
  const values = drawings.flatMap((d) => {
    const i = nearestIndex(d.xs, at);
    if (i < 0 || Math.abs(d.xs[i]! - at) > reach) return [];
    return [{ runId: d.runId, y: d.y[i] ?? null }];
  });
  return { x: at, values };
}

/** The index of the x nearest `value` in the ascending xs; -1 when empty. */
function nearestIndex(xs: readonly number[], value: number): number {
  if (xs.length === 0) return -1;
  const [below, above] = indexesWithin(xs, value, value);
  let best = below;
  for (let i = below; i <= above; i++) if (Math.abs(xs[i]! - value) < Math.abs(xs[best]! - value)) best = i;
  return best;
}
