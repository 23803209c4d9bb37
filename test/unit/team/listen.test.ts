// The team listener against a real server: notifications arrive parsed, a crash of the server is
// survived (offline said, reconnected with backoff, subscribed again, the caller told to catch up),
// and closing stops it for good.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { parseTeamChange, retryDelay, TEAM_CHANNEL, TeamListener, type ListenState, type TeamChange } from '../../../src/team/listen';

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
