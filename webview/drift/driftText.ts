import * as l10n from '@vscode/l10n';
import type { ColumnKind, FindingKind } from '../../src/protocol/drift';

/** A column's kind in the display language. */
export function kindText(kind: ColumnKind): string {
  const texts: Record<ColumnKind, string> = { numerical: l10n.t('numerical'), categorical: l10n.t('categorical'), boolean: l10n.t('boolean'), datetime: l10n.t('datetime'), text: l10n.t('text') };
  return texts[kind];
}

/** What a finding is about, in the display language. */
export function findingText(kind: FindingKind): string {
  const texts: Record<FindingKind, string> = {
    'missing-in-current': l10n.t('Missing in the current data'),
    'missing-in-reference': l10n.t('Missing in the reference'),
    'type-change': l10n.t('Type changed'),
    'new-categories': l10n.t('New categories'),
    'datetime-range': l10n.t('Date range'),
    'empty-column': l10n.t('Empty column'),
    'not-tested': l10n.t('Not tested'),
  };
  return texts[kind];
}
