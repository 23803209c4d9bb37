/**
 * A drift check: every column both sides share is tested (Evidently's default test, or the one
 * the options name), and everything that could not be tested is a finding that says why.
 */

import type { ColumnKind } from '../profile/types';
import { distributionOf } from './distribution';
import { DEFAULT_SHARE_THRESHOLD, DEFAULT_THRESHOLDS, givesPValue, validateDriftOptions, type DriftOptions } from './options';
import { alignedCounts, runTest, type ColumnPair } from './runTest';
import { distinctInUnion, totalCount } from './stats/weighted';
import { defaultTest, needsNumbers } from './testChoice';
import type { ColumnDrift, DriftColumnInput, DriftFinding, DriftReport, DriftSide } from './types';

const NEW_CATEGORIES_NAMED = 5;

const quote = (name: string) => JSON.stringify(name);

export function checkDrift(reference: DriftSide, current: DriftSide, options: DriftOptions = {}): DriftReport {
  validateDriftOptions(options);
  const columns: ColumnDrift[] = [];
  const findings: DriftFinding[] = [];
  const currentByName = new Map(current.columns.map((column) => [column.name, column]));
  const referenceNames = new Set(reference.columns.map((column) => column.name));
  for (const column of reference.columns) {
    const other = currentByName.get(column.name);
    if (!other) {
      findings.push({ kind: 'missing-in-current', column: column.name, message: `Column ${quote(column.name)} is in the reference but not in the current data.` });
      continue;
    }
    const drift = checkColumn(column, other, options, findings);
    if (drift) columns.push(drift);
  }
  for (const column of current.columns) {
    if (!referenceNames.has(column.name)) {
      findings.push({ kind: 'missing-in-reference', column: column.name, message: `Column ${quote(column.name)} is in the current data but not in the reference.` });
    }
  }
  const drifted = columns.filter((column) => column.drift).length;
  const driftShare = columns.length ? drifted / columns.length : 0;
  const shareThreshold = options.shareThreshold ?? DEFAULT_SHARE_THRESHOLD;
  return {
    format: 'model-ledger-drift',
    version: 1,
    reference: { label: reference.label, sha256: reference.sha256 },
    current: { label: current.label, sha256: current.sha256 },
    rows: { reference: reference.rows, current: current.rows },
    columns,
    driftShare,
    shareThreshold,
    datasetDrift: columns.length > 0 && driftShare >= shareThreshold,
    findings,
    checkedAt: options.checkedAt ?? Date.now(),
  };
}

/** Numerical and the two counted kinds; a boolean column may meet a categorical one. */
function testedKind(kind: ColumnKind): 'numerical' | 'categorical' | null {
  if (kind === 'numerical') return 'numerical';
  if (kind === 'categorical' || kind === 'boolean') return 'categorical';
  return null;
}

function checkColumn(reference: DriftColumnInput, current: DriftColumnInput, options: DriftOptions, findings: DriftFinding[]): ColumnDrift | null {
  const name = reference.name;
  const say = (kind: DriftFinding['kind'], message: string) => findings.push({ kind, column: name, message });
  const kind = testedKind(reference.kind);
  if (reference.kind !== current.kind) {
    say('type-change', `Column ${quote(name)} is ${reference.kind} in the reference and ${current.kind} in the current data.`);
    if (kind === null || kind !== testedKind(current.kind)) {
      say('not-tested', `Column ${quote(name)} was not tested: its kinds differ.`);
      return null;
    }
  }
  if (reference.kind === 'datetime') {
    const range = (side: DriftColumnInput) => (side.datetime ? `${side.datetime.min} to ${side.datetime.max}` : 'no dates');
    say('datetime-range', `Column ${quote(name)} holds dates, which are not drift-tested: reference ${range(reference)}, current ${range(current)}.`);
    return null;
  }
  if (kind === null) {
    say('not-tested', `Column ${quote(name)} is ${reference.kind}, which is not drift-tested.`);
    return null;
  }
  const emptySides = [reference.count === 0 ? 'reference' : null, current.count === 0 ? 'current data' : null].filter(Boolean);
  if (emptySides.length) {
    say('empty-column', `Column ${quote(name)} has no values in the ${emptySides.join(' or the ')} (every cell is empty), so it was not tested.`);
    return null;
  }
  const pair = columnPair(kind, reference, current);
  if (!pair) {
    say('not-tested', `Column ${quote(name)} was not tested: one side has no ${kind === 'numerical' ? 'values' : 'value counts'} to test.`);
    return null;
  }
  const override = options.columns?.[name];
  const size = reference.exact ? referenceSize(pair) : reference.count;
  const distinct = pair.kind === 'numerical' ? distinctInUnion(pair.reference, pair.current) : alignedCounts(pair).keys.length;
  const test = override?.test ?? defaultTest(pair.kind, size, distinct);
  if (needsNumbers(test) && pair.kind !== 'numerical') {
    say('not-tested', `Column ${quote(name)} was not tested: ${test} needs numbers and the column is ${current.kind}; choose chisquare, z, jensenshannon or psi.`);
    return null;
  }
  if (pair.kind === 'categorical') reportNewCategories(name, pair, say);
  const threshold = override?.threshold ?? DEFAULT_THRESHOLDS[test];
  const outcome = runTest(test, pair, threshold);
  return {
    name,
    kind: reference.kind === current.kind ? reference.kind : 'categorical',
    test,
    statistic: outcome.statistic,
    pValue: outcome.pValue,
    threshold,
    drift: outcome.drift,
    score: givesPValue(test) ? 1 - (outcome.pValue ?? 0) : outcome.statistic,
    estimated: !reference.exact || !current.exact,
    distribution: distributionOf(pair),
  };
}

function columnPair(kind: 'numerical' | 'categorical', reference: DriftColumnInput, current: DriftColumnInput): ColumnPair | null {
  if (kind === 'numerical') {
    if (!reference.numbers?.values.length || !current.numbers?.values.length) return null;
    return { kind, reference: reference.numbers, current: current.numbers };
  }
  if (!reference.categories?.size || !current.categories?.size) return null;
  return { kind, reference: reference.categories, current: current.categories };
}

/** The reference's values, as Evidently counts its size: after nulls, NaN and infinities are dropped. */
function referenceSize(pair: ColumnPair): number {
  if (pair.kind === 'numerical') return totalCount(pair.reference);
  let total = 0;
  for (const count of pair.reference.values()) total += count;
  return total;
}

function reportNewCategories(name: string, pair: Extract<ColumnPair, { kind: 'categorical' }>, say: (kind: 'new-categories', message: string) => void): void {
  const added = [...pair.current.keys()].filter((category) => !pair.reference.has(category));
  if (!added.length) return;
  const named = added.slice(0, NEW_CATEGORIES_NAMED).map(quote).join(', ');
  const more = added.length > NEW_CATEGORIES_NAMED ? ` and ${added.length - NEW_CATEGORIES_NAMED} more` : '';
  say('new-categories', `Column ${quote(name)} has ${added.length} ${added.length === 1 ? 'category' : 'categories'} the reference never had: ${named}${more}.`);
}
