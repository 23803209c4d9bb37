import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateArgument } from '../../src/cli/dateArgument';

describe('CLI date arguments', () => {
  it('reads a time without an offset as UTC, whatever the machine’s time zone', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      assert.equal(parseDateArgument('2026-12-05T20:57', '--until', true), Date.UTC(2026, 11, 5, 20, 57));
      assert.equal(parseDateArgument('2026-12-05 20:57', '--until', true), Date.UTC(2026, 11, 5, 20, 57));
      assert.equal(parseDateArgument('2026-12-05T20:57:00+02:00', '--until', true), Date.UTC(2026, 11, 5, 18, 57));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('a date alone is its whole day: its start for --since, its last millisecond for --until and --at', () => {
    assert.equal(parseDateArgument('2026-05-01', '--since', false), Date.UTC(2026, 4, 1));
    assert.equal(parseDateArgument('2026-05-01', '--until', true), Date.UTC(2026, 4, 2) - 1);
  });

  it('refuses what is not a date, naming the option', () => {
    for (const text of ['7', 'yesterday', '2026-02-31', '2026-05-01 25:00']) {
      assert.throws(() => parseDateArgument(text, '--at', true), new RegExp(`^UserError: --at "${text}" is not a date`));
    }
  });
});
