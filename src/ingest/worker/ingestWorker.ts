// The ingest worker thread: receives import requests, runs them one at a time, and reports
// progress, diagnostics and summaries. Stores stay open between requests (the live watcher sends
// many small ones).
import { parentPort } from 'node:worker_threads';
import type { FromIngestWorker, ToIngestWorker } from './messages';
import { Store } from '../../store/store';
import { DiagnosticSink } from '../diagnostics';
import { importSources } from '../importWorkspace';
import { discoverSources } from '../sources';
import { errorMessage } from '../../core/errors';

const port = parentPort;
if (!port) throw new Error('ingestWorker runs as a worker thread');
const stores = new Map<string, Store>();
const post = (message: FromIngestWorker) => port.postMessage(message);

port.on('message', (request: ToIngestWorker) => {
  const { id, workspace } = request;
  try {
    const diagnostics = new DiagnosticSink((diagnostic) => post({ type: 'diagnostic', id, diagnostic }));
    if (request.discoverOnly) {
      // Before the store is opened: asking whether to import must not create .modelledger/.
      post({ type: 'discovered', id, sources: discoverSources(workspace, diagnostics) });
      post({ type: 'done', id, summaries: [] });
      return;
    }
    const summaries = importSources({
      store: storeOf(workspace),
      workspace,
      diagnostics,
      sources: request.sources,
      onDiscovered: (sources) => post({ type: 'discovered', id, sources }),
      onProgress: throttle((source, done, total) => post({ type: 'progress', id, source, done, total })),
    });
    post({ type: 'done', id, summaries });
  } catch (error) {
    post({ type: 'failed', id, message: errorMessage(error) });
  }
});

/** The workspace's store, opened (and created) on its first import and kept open. */
function storeOf(workspace: string): Store {
  let store = stores.get(workspace);
  if (!store) {
    store = Store.open(workspace);
    stores.set(workspace, store);
  }
  return store;
}

/** At most one progress message per 100 ms: a source of 10,000 runs must not flood the host. */
function throttle(report: (source: string, done: number, total: number | null) => void) {
  let last = 0;
  return (source: string, done: number, total: number | null) => {
    const now = Date.now();
    if (now - last < 100 && done !== total) return;
    last = now;
    report(source, done, total);
  };
}
