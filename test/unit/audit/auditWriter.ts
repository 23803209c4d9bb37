// A process appending audit entries to a shared store, for auditChain.test.ts: half inside store
// writes (as registry writes do), half as appends of their own.
// Usage: node auditWriter.js <workspace> <writer name> <entries> <start file>
// It opens the store, says "ready", and starts once the start file exists, so writers overlap.
import * as fs from 'node:fs';
import { Store } from '../../../src/store/store';

const [workspace, writer, entries, startFile] = process.argv.slice(2) as [string, string, string, string];
const store = Store.open(workspace);
process.stdout.write('ready\n');
const pause = new Int32Array(new SharedArrayBuffer(4));
while (!fs.existsSync(startFile)) Atomics.wait(pause, 0, 0, 2);
for (let i = 0; i < Number(entries); i++) {
  const entry = { actor: writer, action: 'test.append', target: `${writer}-${i}`, after: { i } };
  if (i % 2 === 0) store.write(() => store.audit.append(entry));
  else store.audit.append(entry);
  Atomics.wait(pause, 0, 0, 1); // lets the other writer in between entries
}
store.close();
process.stdout.write(JSON.stringify({ writer, done: Number(entries) }) + '\n');
