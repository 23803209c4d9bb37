// The team listener against a real server: notifications arrive parsed, a crash of the server is
// survived (offline said, reconnected with backoff, subscribed again, the caller told to catch up),
// and closing stops it for good.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { destroyTeamClient } from '../../../src/team/connect';
import { parseTeamChange, retryDelay, TEAM_CHANNEL, TeamListener, type ListenState, type TeamChange } from '../../../src/team/listen';

/**
 * A TCP proxy to the server whose network can silently drop: once blackholed it keeps every socket
 * open and forwards nothing, as a pulled cable or a sleeping laptop's Wi-Fi does (no reset, no FIN).
 */
async function startBlackholingProxy(port: number): Promise<{ port: number; blackhole(): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let dropped = false;
  const proxy = net.createServer((inbound) => {
    const outbound = net.connect(port, '127.0.0.1');
    for (const [from, to] of [[inbound, outbound], [outbound, inbound]] as const) {
      sockets.add(from);
      from.on('data', (data) => {
        if (!dropped) to.write(data);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as net.AddressInfo).port,
    blackhole: () => {
      dropped = true;
    },
    close: () => {
      sockets.forEach((s) => s.destroy());
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}

/** Polls until `check` holds; the test's own timeout bounds the wait. */
async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('team listener', () => {
  let server: PostgresServer;
  let ca: string;
  before(async () => {
    server = await startPostgres({ name: 'listen' });
    ca = fs.readFileSync(server.caFile, 'utf8');
  });
  after(() => server?.close());

  function listener(backoff = { firstMs: 50, maxMs: 400 }) {
    const changes: TeamChange[] = [];
    const states: ListenState[] = [];
    const listened: boolean[] = [];
    const connect = async () => {
      const client = new pg.Client({ connectionString: server.url(), ssl: { ca, servername: 'localhost' }, connectionTimeoutMillis: 2000 });
      await client.connect();
      return client;
    };
    const it = new TeamListener({ connect, onChange: (c) => changes.push(c), onListening: (again) => listened.push(again), onState: (s) => states.push(s), backoff });
    return { it, changes, states, listened };
  }

  const notify = (payload: string) => server.psql(`SELECT pg_notify('${TEAM_CHANNEL}', '${payload}')`);

  it('passes on the changes notified on the channel, ignoring payloads not its own', async () => {
    const { it: l, changes, listened } = listener();
    l.start();
    try {
      await until('listening', () => listened.length === 1);
      assert.deepEqual(listened, [false]);
      notify('not json');
      notify('{"no":"kind"}');
      notify('{"kind":"points","experiment":"e1","run":"r1"}');
      notify('{"kind":"run","experiment":"e1"}');
      await until('two changes', () => changes.length === 2);
      assert.deepEqual(changes, [
        { kind: 'points', experiment: 'e1', run: 'r1' },
        { kind: 'run', experiment: 'e1', run: null },
      ]);
    } finally {
      await l.close();
    }
  });

  it('reconnects after the server crashes, subscribes again and asks for a catch-up', async () => {
    const { it: l, changes, states, listened } = listener();
    l.start();
    try {
      await until('listening', () => listened.length === 1);
      server.stop('immediate');
      await until('offline twice (a retry failed while the server was down)', () => states.filter((s) => s.kind === 'offline').length >= 2);
      const offline = states.filter((s) => s.kind === 'offline');
      assert.deepEqual(
        offline.slice(0, 2).map((s) => s.kind === 'offline' && [s.attempt, s.retryInMs]),
        [
          [1, 50],
          [2, 100],
        ],
      );
      server.start();
      await until('listening again', () => listened.length === 2);
      assert.deepEqual(listened, [false, true], 'the second subscription is a reconnection: the caller pulls what it missed');
      notify('{"kind":"run","experiment":"e2","run":"r2"}');
      await until('a change after the reconnection', () => changes.length === 1);
      assert.deepEqual(changes, [{ kind: 'run', experiment: 'e2', run: 'r2' }]);
    } finally {
      await l.close();
      if (!server.running) server.start();
    }
  });

  it('goes offline when the network silently drops, and a query hanging on another connection fails once that is destroyed', async () => {
    const proxy = await startBlackholingProxy(server.port);
    const throughProxy = async () => {
      const client = new pg.Client({ connectionString: server.url().replace(`:${server.port}/`, `:${proxy.port}/`), ssl: { ca, servername: 'localhost' }, connectionTimeoutMillis: 2000 });
      await client.connect();
      return client;
    };
    const states: ListenState[] = [];
    let listening = 0;
    const l = new TeamListener({ connect: throughProxy, onChange: () => undefined, onListening: () => listening++, onState: (s) => states.push(s), heartbeatMs: 200, backoff: { firstMs: 5000, maxMs: 5000 } });
    const syncClient = await throughProxy();
    syncClient.on('error', () => undefined); // destroyed below: its error is the point
    l.start();
    try {
      await until('listening', () => listening === 1);
      proxy.blackhole();
      const hanging = syncClient.query('SELECT 1').then(() => 'answered', (error: Error) => error.message);
      await until('offline', () => states.some((s) => s.kind === 'offline'));
      const offline = states.find((s) => s.kind === 'offline');
      assert.ok(offline?.kind === 'offline' && /stopped answering/.test(offline.error), JSON.stringify(offline));
      // What the session does on 'offline': the sync round's query fails instead of waiting for the OS.
      destroyTeamClient(syncClient);
      assert.match(await hanging, /Connection terminated/);
    } finally {
      await l.close();
      await proxy.close();
    }
  });

  it('stops for good on a wrong password instead of retrying it', async () => {
    const states: ListenState[] = [];
    const connect = async () => {
      const client = new pg.Client({ connectionString: server.url({ user: server.adminUser, password: 'not-the-password' }), ssl: { ca, servername: 'localhost' }, connectionTimeoutMillis: 2000 });
      await client.connect();
      return client;
    };
    const l = new TeamListener({ connect, onChange: () => undefined, onListening: () => undefined, onState: (s) => states.push(s), backoff: { firstMs: 20, maxMs: 20 } });
    l.start();
    try {
      await until('stopped', () => states.some((s) => s.kind === 'stopped'));
      const stopped = states.find((s) => s.kind === 'stopped');
      assert.ok(stopped?.kind === 'stopped' && stopped.errorKind === 'password', JSON.stringify(stopped));
      assert.match(stopped.error, /refused the password/);
      // Several backoff periods: a listener that retried would have tried again by now.
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(states.map((s) => s.kind), ['connecting', 'stopped']);
    } finally {
      await l.close();
    }
  });

  it('stops retrying once closed', async () => {
    server.stop('fast');
    const { it: l, states } = listener({ firstMs: 20, maxMs: 20 });
    try {
      l.start();
      await until('a failed attempt', () => states.some((s) => s.kind === 'offline'));
      await l.close();
      const seen = states.length;
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(states.length, seen, 'no attempt after close');
      assert.equal(states.at(-1)?.kind, 'closed');
    } finally {
      server.start();
    }
  });
});

describe('team change payloads and retry delays', () => {
  it('reads the triggers\' JSON and refuses anything else', () => {
    assert.deepEqual(parseTeamChange('{"kind":"run","experiment":"e","run":"r"}'), { kind: 'run', experiment: 'e', run: 'r' });
    assert.deepEqual(parseTeamChange('{"kind":"points","experiment":1}'), { kind: 'points', experiment: null, run: null });
    for (const bad of [undefined, '', 'x', '[]', '{"kind":3}', 'null']) assert.equal(parseTeamChange(bad), undefined, String(bad));
  });

  it('doubles the delay from the first up to the cap', () => {
    const backoff = { firstMs: 500, maxMs: 30_000 };
    assert.deepEqual([1, 2, 3, 4, 7, 20].map((n) => retryDelay(backoff, n)), [500, 1000, 2000, 4000, 30_000, 30_000]);
  });
});
