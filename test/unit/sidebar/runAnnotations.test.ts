import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isUserError } from '../../../src/core/errors';
import { DEFAULT_RUN_QUERY } from '../../../src/core/runQuery';
import { importSources } from '../../../src/ingest/importWorkspace';
import { exportStore } from '../../../src/store/export';
import { Store } from '../../../src/store/store';
import { copyFixture, ingestContext } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';
import { ALL, HAND_RUNS, writeRuns } from './handRuns';

const ADA = 'Ada Lovelace <ada@example.com>';

function handStore(): { store: Store; experiment: string } {
  const store = Store.open(tempDir());
  return { store, experiment: writeRuns(store, 'hand', HAND_RUNS) };
}

function auditOf(store: Store) {
  return store.audit.list().map(({ actor, action, target, before, after }) => ({ actor, action, target, before, after }));
}

describe('run annotations: writes and their audit entries', () => {
  it('rename, note, pin, unpin, delete and restore each write one audit entry with before and after', () => {
    const { store } = handStore();
    const writes = store.runAnnotations;
    writes.rename('id-1', '  resnet <b>baseline</b> ', ADA);
    writes.setNote('id-1', 'best so far', ADA);
    writes.setPinned(['id-1', 'id-2'], true, ADA);
    writes.setPinned(['id-2'], false, null);
    writes.softDelete(['id-3'], ADA);
    writes.restore(['id-3'], ADA);
    writes.rename('id-1', null, ADA);
    assert.deepEqual(auditOf(store), [
      { actor: ADA, action: 'run.rename', target: 'id-1', before: { name: 'alpha' }, after: { name: 'resnet <b>baseline</b>' } },
      { actor: ADA, action: 'run.note', target: 'id-1', before: { note: null }, after: { note: 'best so far' } },
      { actor: ADA, action: 'run.pin', target: 'id-1', before: { pinned: false }, after: { pinned: true } },
      { actor: ADA, action: 'run.pin', target: 'id-2', before: { pinned: false }, after: { pinned: true } },
      { actor: null, action: 'run.unpin', target: 'id-2', before: { pinned: true }, after: { pinned: false } },
      { actor: ADA, action: 'run.delete', target: 'id-3', before: { deleted: false }, after: { deleted: true } },
      { actor: ADA, action: 'run.restore', target: 'id-3', before: { deleted: true }, after: { deleted: false } },
      { actor: ADA, action: 'run.rename', target: 'id-1', before: { name: 'resnet <b>baseline</b>' }, after: { name: 'alpha' } },
    ]);
    assert.deepEqual(writes.annotations('id-1'), { pinned: true, note: 'best so far', originalName: null, deletedAt: null, deletedBy: null });
    assert.deepEqual(writes.annotations('id-2'), { pinned: false, note: null, originalName: null, deletedAt: null, deletedBy: null });
  });

  it('a write that changes nothing writes no audit entry', () => {
    const { store } = handStore();
    const writes = store.runAnnotations;
    writes.setPinned(['id-1'], false, null);
    writes.restore(['id-1'], null);
    writes.rename('id-1', 'alpha', null);
    writes.rename('id-1', null, null);
    writes.setNote('id-1', '   ', null);
    writes.setNote('id-1', null, null);
    writes.softDelete(['id-2'], ADA);
    writes.softDelete(['id-2'], ADA);
    assert.deepEqual(store.audit.list().map((e) => e.action), ['run.delete']);
  });

  it('renaming to the imported name clears the rename; deletion records who and when', () => {
    const { store } = handStore();
    const writes = store.runAnnotations;
    writes.rename('id-1', 'zeta', null);
    assert.equal(writes.annotations('id-1').originalName, 'alpha');
    writes.rename('id-1', ' alpha ', null);
    assert.equal(writes.annotations('id-1').originalName, null);
    assert.equal(store.runs.get('id-1')?.name, 'alpha');
    const before = Date.now();
    writes.softDelete(['id-1'], ADA);
    const { deletedAt, deletedBy } = writes.annotations('id-1');
    assert.ok(deletedAt !== null && deletedAt >= before && deletedAt <= Date.now());
    assert.equal(deletedBy, ADA);
  });

  it('refuses a bad name, a long note or an unknown run with a clear error, and writes nothing', () => {
    const { store, experiment } = handStore();
    const writes = store.runAnnotations;
    const before = JSON.stringify(exportStore(store));
    const refusals: [() => void, RegExp][] = [
      [() => writes.rename('id-1', '   ', ADA), /^A run name cannot be empty\.$/],
      [() => writes.rename('id-1', 'x'.repeat(201), ADA), /at most 200 characters; this one has 201/],
      [() => writes.rename('id-1', 'line\nbreak', ADA), /control characters/],
      [() => writes.setNote('id-1', 'n'.repeat(10_001), ADA), /at most 10000 characters/],
      [() => writes.rename('nope', 'x', ADA), /^No run with id "nope" in this store\.$/],
      [() => writes.setPinned(['id-1', 'nope'], true, ADA), /No run with id "nope"/],
      [() => writes.softDelete(['id-2', 'nope'], ADA), /No run with id "nope"/],
      [() => writes.annotations('nope'), /No run with id "nope"/],
    ];
    for (const [write, message] of refusals) {
      assert.throws(write, (error: unknown) => isUserError(error) && message.test((error as Error).message));
    }
    assert.equal(JSON.stringify(exportStore(store)), before);
    assert.deepEqual(store.audit.list(), []);
    assert.equal(store.runList.listRuns(experiment, DEFAULT_RUN_QUERY, ALL).runs.filter((l) => l.pinned).length, 0);
  });

  it('keeps a name of exactly 200 characters and a note of exactly 10,000', () => {
    const { store } = handStore();
    store.runAnnotations.rename('id-1', 'n'.repeat(200), null);
    store.runAnnotations.setNote('id-1', 'x'.repeat(10_000), null);
    assert.equal(store.runs.get('id-1')?.name.length, 200);
    assert.equal(store.runAnnotations.annotations('id-1').note?.length, 10_000);
  });
});

describe('run annotations: survive re-imports and leave in the export', () => {
  it('a real MLflow store: annotate, re-import, and every annotation and audit entry is still there', () => {
    const ws = copyFixture('silver6wings__MLFlowSample');
    const ctx = ingestContext(ws);
    importSources({ ...ctx, sources: 'discover' });
    const [experiment] = ctx.store.experiments.list();
    const runs = ctx.store.runList.listRuns(experiment!.id, DEFAULT_RUN_QUERY, ALL).runs.map((l) => l.run);
    assert.ok(runs.length >= 3, `the fixture has runs (${runs.length})`);
    const [renamed, noted, deleted] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    const writes = ctx.store.runAnnotations;
    writes.rename(renamed.id, 'my best run', ADA);
    writes.setNote(noted.id, 'check the learning rate', ADA);
    writes.setPinned([noted.id], true, ADA);
    writes.softDelete([deleted.id], ADA);
    const annotated = exportStore(ctx.store);

    importSources({ ...ctx, sources: 'discover' });
    assert.deepEqual(exportStore(ctx.store), annotated);
    assert.equal(ctx.store.runs.get(renamed.id)?.name, 'my best run');
    assert.equal(ctx.store.runAnnotations.annotations(renamed.id).originalName, renamed.name);
    assert.equal(ctx.store.runs.get(deleted.id)?.deleted, true);
    const listed = ctx.store.runList.listRuns(experiment!.id, DEFAULT_RUN_QUERY, ALL).runs;
    assert.equal(listed[0]?.run.id, noted.id, 'the pinned run comes first');
    assert.equal(listed[0]?.note, 'check the learning rate');
    assert.ok(!listed.some((l) => l.run.id === deleted.id));
    assert.equal(ctx.store.audit.list().length, 4);
    ctx.store.close();
  });

  it('a run still being written keeps its rename and deletion, and its imported name, as its run log grows', () => {
    const ws = tempDir();
    const file = path.join(ws, '.modelledger', 'runs', 'live.jsonl');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const line = (record: object) => `${JSON.stringify(record)}\n`;
    fs.writeFileSync(file, line({ type: 'start', v: 1, t: 1, run_id: 'live', experiment: 'exp', name: 'a run', git: null, command: 'train', start_time: 1 }));
    const ctx = ingestContext(ws);
    importSources({ ...ctx, sources: 'discover' });
    ctx.store.runAnnotations.rename('live', 'renamed while running', ADA);
    ctx.store.runAnnotations.softDelete(['live'], ADA);

    fs.appendFileSync(file, line({ type: 'metrics', t: 2, step: 1, values: { loss: 0.5 } }) + line({ type: 'end', t: 3, status: 'finished' }));
    importSources({ ...ctx, sources: 'discover' });
    assert.deepEqual(ctx.diagnostics.all, []);
    assert.equal(ctx.store.runs.getImported('live')?.status, 'finished');
    assert.equal(ctx.store.runs.getImported('live')?.name, 'a run');
    assert.equal(ctx.store.runs.getImported('live')?.deleted, false);
    assert.equal(ctx.store.runs.get('live')?.name, 'renamed while running');
    ctx.store.runAnnotations.restore(['live'], ADA);
    assert.equal(ctx.store.runs.get('live')?.deleted, false, 'restore undoes the deletion: it never reached the imported columns');
    ctx.store.close();
  });

  it('the export carries annotations only for annotated runs, with the shown name and deletion', () => {
    const { store } = handStore();
    store.runAnnotations.rename('id-1', 'zeta', ADA);
    store.runAnnotations.softDelete(['id-2'], ADA);
    const runs = new Map(exportStore(store).runs.map((r) => [r.id, r]));
    assert.equal(runs.get('id-1')?.name, 'zeta');
    assert.deepEqual(runs.get('id-1')?.annotations, { pinned: false, note: null, originalName: 'alpha', deletedAt: null, deletedBy: null });
    assert.equal(runs.get('id-2')?.deleted, true);
    assert.equal(runs.get('id-2')?.annotations?.deletedBy, ADA);
    assert.ok(!('annotations' in runs.get('id-3')!));
  });
});
