import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMetricLine, parsePlainMetricBytes, type MetricLine } from '../../../src/ingest/mlflow/metrics';

/** A small deterministic generator, so a failure names a value that can be replayed. */
function random(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Parses `line` from the middle of a larger buffer, as the importer's chunks hold it. */
function parseInChunk(line: string, out: MetricLine): boolean {
  const bytes = Buffer.from(`9 9 9\n${line}\n1 2 3`, 'utf8');
  const start = 6;
  return parsePlainMetricBytes(bytes, start, start + Buffer.byteLength(line), out);
}

describe('mlflow metric lines from bytes: every value exactly as Number() reads it', () => {
  it('reads shortest reprs of random doubles of every magnitude exactly (16 and 17 digits, exponents, -0)', () => {
    const next = random(7);
    const out: MetricLine = { timestamp: 0, value: 0, step: 0 };
    const values = [0, -0, 1, -1, 0.1, 0.3, 5e-324, 1.7976931348623157e308, 2 ** 53, 2 ** 53 + 2, 1e22, 1e23, 1e-22, 1e-23, 0.8414709848078965];
    for (let i = 0; i < 20_000; i++) values.push((next() - 0.5) * 10 ** Math.floor(next() * 60 - 30), Math.sin(i * 0.37) * (1 + (i % 10)));
    for (const value of values) {
      for (const text of [String(value), value.toFixed(6), value.toExponential(), value.toPrecision(17)]) {
        const line = `1700000000000 ${text} 12`;
        assert.equal(parseInChunk(line, out), true, line);
        assert.ok(Object.is(out.value, Number(text)), `${text} read as ${out.value}, Number() reads ${Number(text)}`);
        assert.deepEqual(out, parseMetricLine(line), line);
      }
    }
  });

  it('reads hand-written decimals as the full parser does, and declines what it rejects', () => {
    const out: MetricLine = { timestamp: 0, value: 0, step: 0 };
    const accepted = ['1.', '.5', '+7', '-0.0', '1.e5', '2.5E+10', '1e-7', '000123.4500', '1e0005', '12345678901234567890', '9007199254740993', '1e400', '1e-400', '0.000000000000000000000000123'];
    for (const value of accepted) {
      const line = `-5 ${value} +3`;
      assert.equal(parseInChunk(line, out), true, line);
      assert.deepEqual(out, parseMetricLine(line), line);
    }
    const declined = ['1 nan 0', '1 -inf 2', '1 0.5 2 run-id', '1 0.5', '1  0.5 2', '1 0.5 2 ', ' 1 0.5 2', '1 0x1A 2', '1 1e 2', '1 . 2', '1 e5 2', '1 --1 2', '1 1.2.3 2',
      '1 1_0 2', '1 0.5 ७', '', '1 0.5 2\r', '1234567890123456 0.5 2'];
    for (const line of declined) assert.equal(parseInChunk(line, out), false, JSON.stringify(line));
  });
});
