import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { FromIngestWorker, ImportRequest } from '../../../src/ingest/worker/messages';
import { Store } from '../../../src/store/store';
import { copyFixture } from '../helpers/fixtures';
import { PROJECT_ROOT } from '../helpers/temp';

/** The built worker the extension starts (dist/ingestWorker.js), sent one request; resolves with every message up to the last. */
async function ask(request: Omit<ImportRequest, 'type' | 'id'>): Promise<FromIngestWorker[]> {
  const worker = new Worker(path.join(PROJECT_ROOT, 'dist', 'ingestWorker.js'));
  try {
    return await new Promise((resolve, reject) => {
      const messages: FromIngestWorker[] = [];
      worker.on('error', reject);
      worker.on('message', (message: FromIngestWorker) => {
        messages.push(message);
        if (message.type === 'done' || message.type === 'failed') resolve(messages);
      });
      worker.postMessage({ type: 'import', id: 1, ...request } satisfies ImportRequest);
    });
  } finally {
    await worker.terminate();
  }
}

describe('the import worker thread', () => {
  it('finds the sources to ask about without creating the store, and creates it when asked to import', async () => {
    const ws = copyFixture('Tom-source__opdracht');
    const discovered = await ask({ workspace: ws, sources: 'discover', discoverOnly: true });
    const found = discovered.find((m) => m.type === 'discovered');
    assert.deepEqual(found?.type === 'discovered' && found.sources.map((s) => [s.kind, path.relative(ws, s.path)]), [['mlflow', 'mlruns']]);
    assert.equal(fs.existsSync(path.join(ws, '.modelledger')), false, 'asking must not create .modelledger/');

    const imported = await ask({ workspace: ws, sources: 'discover' });
    const done = imported.at(-1)!;
    assert.equal(done.type, 'done', JSON.stringify(done));
    assert.equal(done.type === 'done' && done.summaries[0]?.runs, 2);
    const store = Store.open(ws, { create: false });
    assert.equal(store.counts().runs, 2);
    store.close();
  });
});
