import { isRecord } from '../../../src/common/records';
import type { MediaImage } from '../../../src/protocol/media';

/** Images logged over steps, by key (in first-seen order), each key's images sorted by step. */
export function steppedByKey(images: readonly MediaImage[]): Map<string, MediaImage[]> {
  const keys = new Map<string, MediaImage[]>();
  for (const image of images) {
    if (image.step === null) continue;
    const list = keys.get(image.key) ?? [];
    list.push(image);
    keys.set(image.key, list);
  }
  for (const list of keys.values()) list.sort((a, b) => a.step! - b.step!);
  return keys;
}

/** Images logged once (figures): no slider. */
export function figuresOf(images: readonly MediaImage[]): MediaImage[] {
  return images.filter((image) => image.step === null);
}

/** The distinct steps, ascending. */
export function distinctSteps(images: readonly MediaImage[]): number[] {
  return [...new Set(images.flatMap((image) => (image.step === null ? [] : [image.step])))].sort((a, b) => a - b);
}

/**
 * The step to show: the saved one when it is still a step, else the nearest step below it (a run
 * that went on keeps the user's place), else the last step (the latest images, as a run ends).
 */
export function chosenStep(steps: readonly number[], saved: number | undefined): number | undefined {
  if (steps.length === 0) return undefined;
  if (saved === undefined) return steps[steps.length - 1];
  let best: number | undefined;
  for (const step of steps) if (step <= saved) best = step;
  return best ?? steps[0];
}

/** Saved slider positions by image key, each dropped when it does not read back as a step. */
export function savedSteps(value: unknown): Record<string, number> {
  return isRecord(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => Number.isFinite(e[1]))) : {};
}
