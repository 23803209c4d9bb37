import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMetricLine, parsePlainMetricLine, type MetricLine } from '../../../src/ingest/mlflow/metrics';

/** A small deterministic generator, so a failure names a line that can be replayed. */
function* lines(count: number): Generator<string> {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const parts = ['1700000000000', '-3', '0', '12', '+7', '1.5', '-0.25', '.5', '1.', '1e-7', '2.5E+10', 'nan', 'inf', '-inf', 'Infinity', '0x1A',
    '1e', '--1', '1-2', '1.2.3', '', 'abc', '9999999999999999', '1_000', '७', ' ', '+', '.', 'e5'];
  const plain = parts.slice(0, 10);
  // Mostly well-formed three-field lines with plain numbers, so both paths are exercised often.
  const pick = () => {
    const pool = next() < 0.7 ? plain : parts;
    return pool[Math.floor(next() * pool.length)]!;
  };
  for (let i = 0; i < count; i++) {
    const fields = next() < 0.7 ? 3 : 1 + Math.floor(next() * 6);
    yield Array.from({ length: fields }, pick).join(next() < 0.9 ? ' ' : '  ');
  }
}

describe('mlflow metric lines: the fast path agrees with the full parser', () => {
  it('reads the common line exactly as the full parser does', () => {
    const out: MetricLine = { timestamp: 0, value: 0, step: 0 };
    assert.equal(parsePlainMetricLine('1700000000123 0.123456789012345 42', out), true);
    assert.deepEqual(out, parseMetricLine('1700000000123 0.123456789012345 42'));
    assert.equal(parsePlainMetricLine('1700000000123 -1.5e-7 -3', out), true);
    assert.deepEqual(out, { timestamp: 1700000000123, value: -1.5e-7, step: -3 });
  });

  it('leaves everything unusual to the full parser, and never accepts what it rejects', () => {
    const out: MetricLine = { timestamp: 0, value: 0, step: 0 };
    let fast = 0;
    for (const line of lines(20_000)) {
      const full = parseMetricLine(line);
      if (parsePlainMetricLine(line, out)) {
        fast++;
        assert.notEqual(typeof full, 'string', `fast path accepted "${line}", which the full parser rejects: ${String(full)}`);
        assert.deepEqual(out, full, line);
      }
    }
    assert.ok(fast > 1000, `the fast path took ${fast} lines`);
  });

  it('declines non-finite values and extra fields, which the full parser handles', () => {
    const out: MetricLine = { timestamp: 0, value: 0, step: 0 };
    for (const line of ['1 nan 0', '1 -inf 2', '1 Infinity 3', '1 0.5 2 run-id', '1 0.5', '1  0.5 2', '1 0x1A 2']) {
      assert.equal(parsePlainMetricLine(line, out), false, line);
    }
  });
});
