/**
 * Runs an action once a burst of changes settles (`quietMs` without one), and at least every
 * `maxMs` while they keep coming: a training run that logs without pause must still show up live,
 * and one write of many lines must still be one read.
 */
export class SettleTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the first change not yet acted on came. */
  private since: number | undefined;

  constructor(
    private readonly action: () => void,
    private readonly quietMs: number,
    private readonly maxMs: number,
  ) {}

  /** Whether changes are waiting for the action. */
  get pending(): boolean {
    return this.since !== undefined;
  }

  poke(): void {
    const now = Date.now();
    this.since ??= now;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.min(this.quietMs, this.since + this.maxMs - now)));
  }

  /** Acts now on the changes so far (when the last of a burst is known to have come). */
  flush(): void {
    clearTimeout(this.timer);
    this.fire();
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private fire(): void {
    this.since = undefined;
    this.timer = undefined;
    this.action();
  }
}
