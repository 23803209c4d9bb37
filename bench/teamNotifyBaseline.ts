// team.notify_latency's baseline: a bare NOTIFY from one connection to a LISTEN on another, the
// floor under any "written on one side, seen on the other" figure.
import type pg from 'pg';

const CHANNEL = 'model_ledger_bench';

/** Milliseconds from sending each of `samples` notifications to its arrival at the listener. */
export async function bareNotifyLatencies(sender: pg.Client, listener: pg.Client, samples: number): Promise<number[]> {
  await listener.query(`LISTEN ${CHANNEL}`);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const payload = String(i);
      const arrived = new Promise<number>((resolve) => {
        const onNotification = (message: pg.Notification) => {
          if (message.channel !== CHANNEL || message.payload !== payload) return;
          listener.off('notification', onNotification);
          resolve(performance.now());
        };
        listener.on('notification', onNotification);
      });
      const start = performance.now();
      await sender.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
      latencies.push((await arrived) - start);
    }
  } finally {
    await listener.query(`UNLISTEN ${CHANNEL}`);
  }
  return latencies;
}
