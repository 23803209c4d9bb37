/** What one round of syncing does: push local runs, pull the team's, or both. */
export interface SyncWish {
  push: boolean;
  pull: boolean;
}

/**
 * Runs sync rounds one at a time. A wish made while a round runs is remembered (once, however many
 * come: a burst of notifications is one pull) and done in the next round, so nothing asked is lost
 * and nothing runs twice at once. A round that rejects (a bug, or a store closed under it) is
 * reported to `failed` and the next wish still runs: a rejection must neither go unhandled nor
 * stop the queue.
 */
export class SyncQueue {
  private wanted: SyncWish = { push: false, pull: false };
  private running: Promise<void> | undefined;

  constructor(
    private readonly round: (wish: SyncWish) => Promise<void>,
    private readonly failed: (error: unknown) => void,
  ) {}

  request(wish: Partial<SyncWish>): void {
    this.wanted = { push: this.wanted.push || !!wish.push, pull: this.wanted.pull || !!wish.pull };
    this.kick();
  }

  /** Settles when no round runs or waits, including those wished while waiting. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running || !(this.wanted.push || this.wanted.pull)) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.kick(); // a wish made between the last round and now
    });
  }

  private async drain(): Promise<void> {
    while (this.wanted.push || this.wanted.pull) {
      const wish = this.wanted;
      this.wanted = { push: false, pull: false };
      try {
        await this.round(wish);
      } catch (error) {
        this.failed(error);
      }
    }
  }
}
