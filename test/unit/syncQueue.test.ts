import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SyncQueue, type SyncWish } from '../../src/core/syncQueue';

/** A round that waits until released, so a test decides when it ends. */
function gatedRounds() {
  const rounds: SyncWish[] = [];
  const gates: (() => void)[] = [];
  let active = 0;
  let mostAtOnce = 0;
  const queue = new SyncQueue(async (wish) => {
    rounds.push(wish);
    active++;
    mostAtOnce = Math.max(mostAtOnce, active);
    await new Promise<void>((release) => gates.push(release));
    active--;
  }, (error) => assert.fail(`no round of these tests fails: ${String(error)}`));
  const releaseNext = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()!();
  };
  return { queue, rounds, releaseNext, mostAtOnce: () => mostAtOnce };
}

describe('SyncQueue', () => {
  it('runs one round at a time and folds the wishes made meanwhile into the next one', async () => {
    const { queue, rounds, releaseNext, mostAtOnce } = gatedRounds();
    queue.request({ pull: true });
    queue.request({ pull: true });
    queue.request({ push: true });
    queue.request({ pull: true });
    await releaseNext();
    await releaseNext();
    await queue.idle();
    assert.deepEqual(rounds, [
      { push: false, pull: true },
      { push: true, pull: true },
    ]);
    assert.equal(mostAtOnce(), 1);
  });

  it('starts again for a wish made after it went idle', async () => {
    const { queue, rounds, releaseNext } = gatedRounds();
    queue.request({ push: true });
    await releaseNext();
    await queue.idle();
    queue.request({ pull: true });
    await releaseNext();
    await queue.idle();
    assert.deepEqual(rounds, [
      { push: true, pull: false },
      { push: false, pull: true },
    ]);
  });

  it('does nothing for an empty wish', async () => {
    const { queue, rounds } = gatedRounds();
    queue.request({});
    await queue.idle();
    assert.deepEqual(rounds, []);
  });

  it('reports a round that rejects and runs the next wish, leaving no rejection unhandled', async () => {
    const failures: unknown[] = [];
    const rounds: SyncWish[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const queue = new SyncQueue(async (wish) => {
        rounds.push(wish);
        if (rounds.length === 1) throw new Error('the store is closed');
      }, (error) => failures.push(error));
      queue.request({ push: true });
      await queue.idle();
      queue.request({ pull: true });
      await queue.idle();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(failures.map((e) => (e as Error).message), ['the store is closed']);
      assert.deepEqual(rounds, [
        { push: true, pull: false },
        { push: false, pull: true },
      ]);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
