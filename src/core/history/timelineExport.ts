import { csvRecords } from '../csvCell';
import type { TimelineEvent } from './timeline';

export type TimelineFormat = 'csv' | 'json';

const COLUMNS = ['time', 'actor', 'action', 'target', 'model', 'version', 'stage', 'tag', 'commit', 'gate', 'auditId', 'detail'] as const;

/**
 * The timeline as the History view filters it. Times are ISO 8601 UTC; JSON keeps every field
 * as its type (null when absent); CSV has one column per field, with formula-like cells made text.
 */
export function exportTimeline(events: readonly TimelineEvent[], format: TimelineFormat): string {
  const records = events.map((e) => ({
    time: new Date(e.at).toISOString(),
    actor: e.actor,
    action: e.action,
    target: e.target,
    model: e.model,
    version: e.version,
    stage: e.stage,
    tag: e.tag,
    commit: e.commit,
    gate: e.gate,
    auditId: e.auditId,
    detail: e.detail,
  }));
  if (format === 'json') return JSON.stringify(records, null, 2) + '\n';
  return csvRecords(
    COLUMNS,
    records.map((r) => COLUMNS.map((c) => (r[c] === null ? '' : String(r[c])))),
  );
}
