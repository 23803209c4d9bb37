import * as vscode from 'vscode';
import { formatTime, shortCommit } from '../../../common/format';
import type { TimelineEntry } from '../../registry/modelFacts';
import type { DetailRow } from './detailNode';

const ICONS: Record<TimelineEntry['action'], string> = {
  register: 'tag',
  deregister: 'trash',
  assign: 'rocket',
  unassign: 'circle-slash',
  deprecate: 'archive',
  create: 'add',
};

/** "Name" of a "Name <email>" actor, as the rows show it. */
export function actorName(actor: string | null): string | undefined {
  return actor?.replace(/\s*<.*>$/, '') || undefined;
}

/**
 * One registry event as a row: in a model's history it names the version ("v1.2.0 assigned to
 * prod"); in a version's own stage history it does not ("assigned to prod").
 */
export function timelineRow(idPrefix: string, entry: TimelineEntry, index: number, options: { withVersion: boolean }): DetailRow {
  const version = entry.version ?? '?';
  const stage = entry.stage ?? '?';
  let label: string;
  switch (entry.action) {
    case 'register':
      label = vscode.l10n.t('{0} registered', version);
      break;
    case 'deregister':
      label = vscode.l10n.t('{0} deregistered', version);
      break;
    case 'assign':
      label = options.withVersion ? vscode.l10n.t('{0} assigned to {1}', version, stage) : vscode.l10n.t('assigned to {0}', stage);
      break;
    case 'unassign':
      label = options.withVersion ? vscode.l10n.t('{0} unassigned from {1}', version, stage) : vscode.l10n.t('unassigned from {0}', stage);
      break;
    case 'deprecate':
      label = vscode.l10n.t('model deprecated');
      break;
    case 'create':
      label = vscode.l10n.t('model created');
      break;
  }
  const tooltip = [
    label,
    `${new Date(entry.at).toISOString()}${entry.actor ? ` · ${entry.actor}` : ''}`,
    entry.tag ? vscode.l10n.t('tag {0}', entry.tag) : undefined,
    entry.commit ? vscode.l10n.t('commit {0}', shortCommit(entry.commit)) : undefined,
  ].filter(Boolean).join('\n');
  return {
    id: `${idPrefix}:${entry.tag ?? `${index}:${entry.at}`}`,
    label,
    description: [actorName(entry.actor), formatTime(entry.at)].filter(Boolean).join(' · '),
    icon: ICONS[entry.action],
    tooltip,
    contextValue: 'registryEvent',
  };
}
