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
  });
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
});
