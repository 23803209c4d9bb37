import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toSeriesColumns } from '../../../src/core/compare/chart';
import { compactChart, roundSignificant, WIRE_DIGITS } from '../../../src/core/compare/wireNumbers';
import { formatNumber } from '../../../src/common/format';

describe('chart values on the wire', () => {
  it('keeps seven significant digits at any magnitude, and short', () => {
    assert.equal(roundSignificant(0.52341234567891), 0.5234123);
    assert.equal(String(roundSignificant(-1 + 1 / 778)), '-0.9987147');
    assert.equal(roundSignificant(12_345.678_9), 12_345.68);
    assert.equal(roundSignificant(1_234_567.89), 1_234_567.89, 'seven digits before the point: kept (rounded, it would read as an integer)');
    assert.equal(roundSignificant(2.999_999_99), 2.999_999_99, 'kept: rounded, it would read as an integer');
    assert.equal(roundSignificant(1.23456789e-12), 1.234568e-12);
    assert.equal(roundSignificant(1.234567891e-30), 1.234567891e-30, 'too small to scale exactly: kept');
    for (const v of [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 42, -7.5]) assert.ok(Object.is(roundSignificant(v), v), String(v));
    assert.ok(Number.isNaN(roundSignificant(Number.NaN)));
  });

  it('rounds to what the webview shows no differently, for values spread over magnitudes', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647);
    let same = 0;
    const total = 10_000;
    for (let i = 0; i < total; i++) {
      const v = (random() - 0.5) * 10 ** Math.floor(random() * 12 - 4);
      const r = roundSignificant(v);
      if (Math.abs(v) < 1e6) assert.ok(Math.abs(r - v) <= 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - WIRE_DIGITS + 1) * (1 + 1e-9), `${v} -> ${r}`);
      if (formatNumber(r) === formatNumber(v)) same += 1;
    }
    // Rounding twice (7 digits here, then 4 to show) differs from rounding once only at rare ties of the fifth digit.
    assert.ok(same >= total * 0.999, `${same} of ${total} shown alike`);
  });

  it('rounds the values of a chart but not its x, counts or non-finite marks', () => {
    const series = toSeriesColumns('r', {
      level: 1,
      buckets: [{ firstX: 1_700_000_000_123, lastX: 1_700_000_000_456, count: 17, y: 1 / 3, min: 0.1234567891, max: 2 / 3, nan: 1, posInf: 0, negInf: 0 }],
    });
    const chart = compactChart({ metric: 'loss', kind: 'lines', direction: 'lower', range: { xFrom: 0, xTo: 1 }, extent: { xFrom: 0, xTo: 1 }, series: [series] });
    assert.deepEqual(chart.series[0], { ...series, y: [0.3333333], min: [0.1234568], max: [0.6666667] });
  });
});
