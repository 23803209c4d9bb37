import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SettleTimer } from '../../src/core/settleTimer';

describe('SettleTimer', () => {
  it('acts once for a burst of changes, after they settle', async () => {
    let fired = 0;
    const timer = new SettleTimer(() => fired++, 30, 10_000);
    for (let i = 0; i < 50; i++) timer.poke();
    assert.equal(fired, 0, 'never while the burst is being written');
    await sleep(80);
    assert.equal(fired, 1);
  });

  it('says whether changes wait for the action, until it runs', async () => {
    const seen: boolean[] = [];
    const timer = new SettleTimer(() => seen.push(timer.pending), 10, 10_000);
    assert.equal(timer.pending, false);
    timer.poke();
    assert.equal(timer.pending, true);
    await sleep(40);
    assert.deepEqual(seen, [false], 'a change made while acting is a new one');
    assert.equal(timer.pending, false);
  });

  it('acts while changes keep coming, however long they last', async () => {
    const fires: number[] = [];
    let pokes = 0;
    const timer = new SettleTimer(() => fires.push(pokes), 1_000, 50);
    // A change every 10 ms for longer than several maximum waits: a quiet period never comes.
    while (pokes < 40) {
      timer.poke();
      pokes++;
      await sleep(10);
    }
    timer.dispose();
    const whileComing = fires.filter((pokesSoFar) => pokesSoFar < 40);
    assert.ok(whileComing.length >= 2, `acted ${whileComing.length} times while 40 changes came`);
  });

  it('acts at once when flushed, and not again when the burst would have settled', async () => {
    let fired = 0;
    const timer = new SettleTimer(() => fired++, 30, 10_000);
    timer.poke();
    timer.flush();
    assert.equal(fired, 1);
    await sleep(80);
    assert.equal(fired, 1);
  });

  it('does nothing once disposed', async () => {
    let fired = 0;
    const timer = new SettleTimer(() => fired++, 10, 10);
    timer.poke();
    timer.dispose();
    await sleep(40);
    assert.equal(fired, 0);
  });
});
