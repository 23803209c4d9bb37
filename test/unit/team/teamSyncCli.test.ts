// `model-ledger team init|push|pull` in real processes: a workspace holding a real MLflow store
// (imported by push) syncs through the harness server into a second, empty workspace.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Store } from '../../../src/store/store';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { cli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';

describe('model-ledger team init, push and pull', () => {
  let server: PostgresServer;
  let url: string;
  before(async () => {
    server = await startPostgres({ name: 'team-sync-cli' });
    url = server.url({ params: { sslmode: 'require' } });
  });
  after(() => server?.close());

  it('creates the team store once, and says so the second time', () => {
    const ws = tempDir();
    const first = cli(['team', 'init', '--url', url], ws);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Created the team store at .* \(schema version 1\)\.\n$/);
    const again = cli(['team', 'init', '--url', url], ws);
    assert.match(again.stdout, /is at schema version 1 already/);
  });

  it("imports a training box's MLflow runs, pushes them, and a teammate pulls them", () => {
    const box = copyFixture('chopinlab__mlflow-practice');
    const pushed = cli(['team', 'push', '--url', url, '--quiet'], box);
    assert.equal(pushed.code, 0, pushed.stderr);
    const boxStore = Store.open(box);
    const runs = boxStore.counts().runs;
    const points = boxStore.counts().metricPoints;
    boxStore.close();
    assert.ok(runs > 0);
    assert.equal(pushed.stdout, `Pushed ${runs} run(s) and ${points.toLocaleString('en-US')} point(s); 0 run(s) unchanged since the last push.\n`);
    const again = cli(['team', 'push', '--url', url, '--quiet'], box);
    assert.equal(again.stdout, `Pushed 0 run(s) and 0 point(s); ${runs} run(s) unchanged since the last push.\n`);

    const laptop = tempDir();
    const pulled = cli(['team', 'pull', '--url', url], laptop);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(pulled.stdout, new RegExp(`^Pulled ${runs} run\\(s\\) new or changed`));
    const laptopStore = Store.open(laptop);
    try {
      assert.equal(laptopStore.counts().runs, runs);
      assert.equal(laptopStore.counts().metricPoints, 0, 'points stay on the server');
    } finally {
      laptopStore.close();
    }
  });

  it('refuses a bad --batch before touching anything', () => {
    const r = cli(['team', 'push', '--url', url, '--batch', 'lots'], tempDir());
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--batch takes a whole number of points above 0; got "lots"/);
  });
});
