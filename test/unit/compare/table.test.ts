import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { describe, it } from 'node:test';
import { compareValues, metricCell, sameValue } from '../../../src/common/cellValues';
import { buildComparisonTable, type ComparisonTable } from '../../../src/core/compare/comparisonTable';
import { directionOf, guessDirection } from '../../../src/core/compare/direction';
import { exportTable, tableToCsv, tableToMarkdown } from '../../../src/core/compare/tableExport';
import type { CompareRunInput, MetricStats } from '../../../src/core/compare/tableRows';

function run(id: string, params: Record<string, string>, metrics: Record<string, Partial<MetricStats>> = {}, tags: Record<string, string> = {}): CompareRunInput {
  return {
    facts: { id, name: `name-${id}`, experiment: 'exp', status: 'finished', startTime: 1_000, endTime: 61_000, commit: 'c0ffee', dirty: false },
    params,
    tags,
    metrics: new Map(Object.entries(metrics).map(([k, m]) => [k, { count: 10, last: 0, min: 0, max: 0, bestStep: 0, ...m }])),
  };
}

const row = (table: ComparisonTable, id: string) => table.rows.find((r) => r.id === id)!;

describe('compare: metric directions', () => {
  it('guesses lower or higher from the words of the name', () => {
    const lower = ['loss', 'val/loss', 'valLoss', 'train_loss_epoch', 'eval/rmse', 'MAE', 'test-mse', 'perplexity', 'wer', 'cer', 'top5_error', 'val/top1_err', 'epoch_time'];
    const higher = ['accuracy', 'val_acc', 'eval/f1', 'F1Score', 'auc', 'roc_auc', 'precision', 'recall', 'mAP', 'map@50', 'ap50', 'r2', 'bleu', 'rougeL', 'top1', 'mean_iou'];
    for (const name of lower) assert.equal(guessDirection(name), 'lower', name);
    for (const name of higher) assert.equal(guessDirection(name), 'higher', name);
  });

  it('knows sklearn\'s negated scorers, and guesses nothing for names that say nothing', () => {
    assert.equal(guessDirection('neg_mean_squared_error'), 'higher');
    assert.equal(guessDirection('neg_log_loss'), 'higher');
    for (const name of ['lr', 'learning_rate', 'epoch', 'step', 'gpu_util', 'timestamp', 'lossless_ratio']) assert.equal(guessDirection(name), undefined, name);
  });

  it('lets the user override the guess', () => {
    assert.equal(directionOf('loss', { loss: 'higher' }), 'higher');
    assert.equal(directionOf('gpu_util', { gpu_util: 'lower' }), 'lower');
    assert.equal(directionOf('constructor', {}), undefined, 'no prototype key is an override');
  });
});

describe('compare: cell values', () => {
  it('compares numeric texts as numbers', () => {
    assert.ok(sameValue('0.001', '1e-3'));
    assert.ok(sameValue('10', 10));
    assert.ok(!sameValue('adam', 'Adam'));
    assert.ok(!sameValue(null, ''));
    assert.ok(sameValue(null, null));
  });

  it('orders numbers, then texts naturally, then missing values, which stay last descending too', () => {
    const values = ['run-10', null, '9', 'run-2', 0.5, '1e3'];
    assert.deepEqual([...values].sort((a, b) => compareValues(a, b)), [0.5, '9', '1e3', 'run-2', 'run-10', null]);
    assert.deepEqual([...values].sort((a, b) => compareValues(a, b, true)), ['1e3', '9', 0.5, 'run-10', 'run-2', null]);
  });

  it('spells non-finite metric values so that they survive JSON', () => {
    assert.deepEqual([Number.NaN, Infinity, -Infinity, 2, null].map(metricCell), ['NaN', 'Infinity', '-Infinity', 2, null]);
  });
});

describe('compare: comparison table', () => {
  const runs = [
    run('a', { lr: '0.1', optimizer: 'adam', seed: '1' }, { loss: { last: 0.5, min: 0.4, max: 2, bestStep: 8 }, acc: { last: 0.8, min: 0.1, max: 0.81, bestStep: 9 } }, { team: 'x' }),
    run('b', { lr: '1e-1', optimizer: 'sgd', seed: '2' }, { loss: { last: 0.3, min: 0.3, max: 2.5, bestStep: 10 }, acc: { last: 0.9, min: 0.1, max: 0.9, bestStep: 10 } }, { team: 'x' }),
    run('c', { lr: '0.01', optimizer: 'sgd' }, { loss: { last: Number.NaN, min: 0.3, max: 9, bestStep: 3 } }, { team: 'x' }),
  ];

  it('lists facts, params, metric summaries and tags, with the rows that differ marked', () => {
    const table = buildComparisonTable(runs, { directions: {}, onlyDifferences: false });
    assert.deepEqual(table.runIds, ['a', 'b', 'c']);
    assert.equal(row(table, 'param:lr').differs, true, '0.1 and 1e-1 are equal but 0.01 is not');
    assert.deepEqual(row(table, 'param:seed').values, ['1', '2', null]);
    assert.equal(row(table, 'tag:team').differs, false);
    assert.equal(row(table, 'run:status').differs, false);
    assert.deepEqual(row(table, 'metric:last:loss').values, [0.5, 0.3, 'NaN']);
    assert.deepEqual(row(table, 'metric:bestStep:acc').values, [9, 10, null]);
    assert.deepEqual(row(table, 'run:duration').values, [60_000, 60_000, 60_000]);
    assert.equal(table.hiddenRows, 0);
  });

  it('"only differences" hides the rows every run agrees on, and counts them', () => {
    const all = buildComparisonTable(runs, { directions: {}, onlyDifferences: false });
    const table = buildComparisonTable(runs, { directions: {}, onlyDifferences: true });
    assert.ok(table.rows.every((r) => r.differs));
    assert.ok(!table.rows.some((r) => r.id === 'tag:team' || r.id === 'run:status' || r.id === 'run:commit'));
    assert.ok(table.rows.some((r) => r.id === 'metric:min:acc'), 'a value one run lacks is a difference');
    assert.equal(table.hiddenRows, all.rows.length - table.rows.length);
    const single = buildComparisonTable([runs[0]!], { directions: {}, onlyDifferences: true });
    assert.equal(single.hiddenRows, 0, 'one run: nothing to hide');
  });

  it('marks the best value per metric row by direction, and only when two runs have one', () => {
    const table = buildComparisonTable(runs, { directions: {}, onlyDifferences: false });
    assert.deepEqual(row(table, 'metric:last:loss').best, [1], 'NaN is never best');
    assert.deepEqual(row(table, 'metric:min:loss').best, [1, 2], 'ties all marked');
    assert.deepEqual(row(table, 'metric:last:acc').best, [1]);
    assert.deepEqual(row(table, 'metric:bestStep:acc').best, [], 'a step is not better or worse');
    assert.equal(row(table, 'metric:last:loss').direction, 'lower');
    const flipped = buildComparisonTable(runs, { directions: { loss: 'higher' }, onlyDifferences: false });
    assert.deepEqual(row(flipped, 'metric:last:loss').best, [0]);
    const unknown = buildComparisonTable([run('a', {}, { gpu: { last: 1 } }), run('b', {}, { gpu: { last: 2 } })], { directions: {}, onlyDifferences: false });
    assert.deepEqual(row(unknown, 'metric:last:gpu').best, []);
    assert.equal(row(unknown, 'metric:last:gpu').direction, null);
  });

  it('gives deltas against the baseline, which is pinned first', () => {
    const table = buildComparisonTable(runs, { baselineRunId: 'b', directions: {}, onlyDifferences: false });
    assert.deepEqual(table.runIds, ['b', 'a', 'c']);
    assert.deepEqual(row(table, 'metric:last:loss').deltas, [null, 0.2, null]);
    assert.deepEqual(row(table, 'metric:bestStep:loss').deltas, [null, -2, -7]);
    assert.equal(row(table, 'param:lr').deltas, null, 'params are texts: no deltas');
    assert.deepEqual(row(table, 'metric:last:loss').best, [0], 'best marks follow the columns');
    assert.deepEqual(buildComparisonTable(runs, { baselineRunId: 'gone', directions: {}, onlyDifferences: false }).runIds, ['a', 'b', 'c']);
  });

  it('sorts the runs by any row, baseline first, missing values last, ties in the given order', () => {
    const byLoss = buildComparisonTable(runs, { directions: {}, onlyDifferences: false, sort: { rowId: 'metric:max:loss', descending: true } });
    assert.deepEqual(byLoss.runIds, ['a', 'c', 'b']);
    const byLr = buildComparisonTable(runs, { baselineRunId: 'c', directions: {}, onlyDifferences: false, sort: { rowId: 'param:lr', descending: false } });
    assert.deepEqual(byLr.runIds, ['c', 'a', 'b']);
    const bySeed = buildComparisonTable(runs, { directions: {}, onlyDifferences: false, sort: { rowId: 'param:seed', descending: true } });
    assert.deepEqual(bySeed.runIds, ['a', 'b', 'c']);
    const byGone = buildComparisonTable(runs, { directions: {}, onlyDifferences: false, sort: { rowId: 'param:nope', descending: true } });
    assert.deepEqual(byGone.runIds, ['a', 'b', 'c']);
  });

  it('keeps keys that look like Object.prototype members as plain keys', () => {
    const table = buildComparisonTable([run('a', { constructor: '1' }), run('b', { toString: 'x' })], { directions: {}, onlyDifferences: false });
    assert.deepEqual(row(table, 'param:constructor').values, ['1', null]);
    assert.deepEqual(row(table, 'param:toString').values, [null, 'x']);
  });

  it('collapses a metric every run logged once into one row, still sortable by its other rows', () => {
    const once = (value: number) => ({ count: 1, last: value, min: value, max: value, bestStep: 0 });
    const scores = [run('a', {}, { f1: once(0.6), loss: { last: 0.3 } }), run('b', {}, { f1: once(0.9), loss: { last: 0.2 } }), run('c', {}, { loss: { last: 0.1 } })];
    const table = buildComparisonTable(scores, { directions: {}, onlyDifferences: false, sort: { rowId: 'metric:max:f1', descending: true } });
    const metricRows = table.rows.filter((r) => r.section === 'metric').map((r) => r.id);
    assert.deepEqual(metricRows, ['metric:last:f1', 'metric:last:loss', 'metric:min:loss', 'metric:max:loss', 'metric:bestStep:loss']);
    assert.equal(row(table, 'metric:last:f1').loggedOnce, true, 'a run without the metric does not stop the collapse');
    assert.deepEqual(row(table, 'metric:last:f1').best, [1], 'the best value is still marked');
    assert.deepEqual(table.runIds, ['a', 'b', 'c'], 'a sort by a collapsed row still sorts (baseline first)');
    const byMax = buildComparisonTable(scores, { baselineRunId: 'c', directions: {}, onlyDifferences: false, sort: { rowId: 'metric:max:f1', descending: true } });
    assert.deepEqual(byMax.runIds, ['c', 'b', 'a']);
    const twice = buildComparisonTable([run('a', {}, { f1: once(0.6) }), run('b', {}, { f1: { count: 2, last: 0.9 } })], { directions: {}, onlyDifferences: false });
    assert.equal(twice.rows.filter((r) => r.key === 'f1').length, 4, 'one run with two points keeps every row');
    const md = tableToMarkdown(table, ['a', 'b', 'c']);
    assert.ok(md.includes('| metric: f1 | 0.6 | **0.9** | — |'), md);
    assert.ok(tableToCsv(table, ['a', 'b', 'c']).includes('"metric","f1","last","0.6","0.9",""\r\n'));
  });

  it('handles no runs at all', () => {
    assert.deepEqual(buildComparisonTable([], { directions: {}, onlyDifferences: true }).runIds, []);
  });
});

describe('compare: table export', () => {
  const hostile = [
    run('a', { note: 'has, comma', quote: 'say "hi"', lines: 'one\r\ntwo', pipe: 'a|b' }, { loss: { last: 0.1234567, min: 0.1 } }),
    run('b', { note: 'plain', quote: 'x', lines: 'one', pipe: 'back\\|slash' }, { loss: { last: Infinity, min: 0.2 } }),
  ];
  const table = buildComparisonTable(hostile, { directions: {}, onlyDifferences: true });
  const names = ['first, run', 'second "run"'];

  it('writes RFC 4180 CSV: every field quoted, quotes doubled, CRLF records, exact numbers', () => {
    const csv = tableToCsv(table, names);
    assert.equal(csv.split('\r\n')[1], '"run","id","","a","b"');
    assert.ok(csv.endsWith('\r\n'));
    const records = parse(csv, { record_delimiter: '\r\n' }) as string[][];
    assert.equal(records.length, 2 + table.rows.length, 'a CSV reader sees one record per row');
    assert.deepEqual(records[0], ['section', 'key', 'field', 'first, run', 'second "run"']);
    const cells = (section: string, key: string, field = '') => records.find((r) => r[0] === section && r[1] === key && r[2] === field)?.slice(3);
    assert.deepEqual(cells('param', 'note'), ['has, comma', 'plain']);
    assert.deepEqual(cells('param', 'quote'), ['say "hi"', 'x']);
    assert.deepEqual(cells('param', 'lines'), ['one\r\ntwo', 'one']);
    assert.deepEqual(cells('metric', 'loss', 'last'), ['0.1234567', 'Infinity']);
  });

  it('writes a Markdown table whose cells cannot break out: pipes and backslashes escaped, line breaks as <br>', () => {
    const md = tableToMarkdown(table, names);
    const lines = md.trimEnd().split('\n');
    assert.equal(lines.length, 2 + table.rows.length, 'one line per row');
    assert.equal(lines[1], '|---|---|---|');
    assert.ok(md.includes('| param: pipe | a\\|b | back\\\\\\|slash |'), md);
    assert.ok(md.includes('| param: lines | one<br>two | one |'));
    assert.ok(md.includes('| metric: loss (last) | 0.1235 | ∞ |'), 'formatted as the views format');
    assert.ok(md.includes('| metric: loss (min) | **0.1** | 0.2 |'), 'best in bold');
    for (const line of lines) assert.equal(line.replaceAll('\\\\', '').replaceAll('\\|', '').split('|').length - 2, 3, line);
  });

  it('exports by format', () => {
    assert.equal(exportTable(table, names, 'csv'), tableToCsv(table, names));
    assert.equal(exportTable(table, names, 'markdown'), tableToMarkdown(table, names));
  });
});
