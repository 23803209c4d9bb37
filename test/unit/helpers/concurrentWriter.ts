// A second (and third) process writing to one store: used by concurrency.test.ts.
// Usage: node concurrentWriter.js <workspace> <writer name> <runs> <points per run>
import { Store } from '../../../src/store/store';

const [workspace, writer, runs, pointsPerRun] = process.argv.slice(2) as [string, string, string, string];
const store = Store.open(workspace);
store.write(() => {
  const experimentId = store.experiments.upsert({ name: 'shared', origin: { source: 'native', id: null, path: null } });
  store.runs.upsert({
    id: 'shared-run', experimentId, name: 'shared', status: 'running', deleted: false, startTime: 0, endTime: null,
    git: null, command: null, parentRunId: null, origin: { source: 'native', id: 'shared-run', path: null },
  });
});
for (let i = 0; i < Number(runs); i++) {
  const id = `${writer}-${i}`;
  store.write(() => {
    const experimentId = store.experiments.upsert({ name: writer, origin: { source: 'native', id: null, path: null } });
    store.runs.upsert({
      id, experimentId, name: id, status: 'finished', deleted: false, startTime: i, endTime: i + 1,
      git: null, command: null, parentRunId: null, origin: { source: 'native', id, path: null },
    });
    store.runs.setParams(id, { writer, i: String(i) });
    store.metrics.append(id, Array.from({ length: Number(pointsPerRun) }, (_, step) => ({ key: 'loss', step, timestamp: step, value: 1 / (step + 1) })));
  });
  // Both writers also append to one series, so its summary is read-modify-written by two processes.
  store.write(() => store.metrics.append('shared-run', [{ key: 'shared', step: i, timestamp: Date.now(), value: i }]));
}
store.close();
process.stdout.write(JSON.stringify({ writer, done: Number(runs) }) + '\n');
