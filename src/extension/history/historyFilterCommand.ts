import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { filterChoices, type TimelineFilter } from '../../core/history/timeline';
import { parseDateInput } from '../../common/dateInput';
import { pick } from '../registry/pickers';
import type { HistoryTreeProvider } from './historyTree';

const DAY_MS = 24 * 3600 * 1000;
type Field = 'model' | 'stage' | 'actor' | 'dates' | 'clear';

/**
 * "Filter History…": narrows the History view by model, stage, actor or date range, one at a time
 * from a menu. A plain object `{ model?, stage?, actor?, from?, to? }` (dates as typed) sets the
 * whole filter without asking.
 */
export async function filterHistoryCommand(history: HistoryTreeProvider, arg: unknown): Promise<TimelineFilter | undefined> {
  if (typeof arg === 'object' && arg !== null) {
    const filter = filterFromArgument(arg as Record<string, unknown>);
    history.setFilter(filter);
    return history.filter;
  }
  const title = vscode.l10n.t('Filter History');
  const current = history.filter;
  const any = vscode.l10n.t('any');
  const field = await pick<Field>(
    [
      { label: vscode.l10n.t('Model'), description: current.model ?? any, iconPath: new vscode.ThemeIcon('package'), value: 'model' },
      { label: vscode.l10n.t('Stage'), description: current.stage ?? any, iconPath: new vscode.ThemeIcon('rocket'), value: 'stage' },
      { label: vscode.l10n.t('Actor'), description: current.actor ?? any, iconPath: new vscode.ThemeIcon('person'), value: 'actor' },
      { label: vscode.l10n.t('Date Range'), description: current.from !== undefined || current.to !== undefined ? vscode.l10n.t('set') : any, iconPath: new vscode.ThemeIcon('calendar'), value: 'dates' },
      { label: vscode.l10n.t('Clear Filter'), iconPath: new vscode.ThemeIcon('clear-all'), value: 'clear' },
    ],
    { title, placeHolder: vscode.l10n.t('Filter the History view by…') },
  );
  if (field === undefined) return undefined;
  if (field === 'clear') {
    history.setFilter({});
    return history.filter;
  }
  const choices = filterChoices(history.folders().flatMap((f) => history.allEvents(f)));
  if (field === 'dates') {
    const range = await askDateRange(title, current);
    if (range === undefined) return undefined;
    history.setFilter({ ...current, ...range });
    return history.filter;
  }
  const values = field === 'model' ? choices.models : field === 'stage' ? choices.stages : choices.actors;
  const chosen = await pick<string | null>(
    [{ label: vscode.l10n.t('(any)'), value: null }, ...values.map((v) => ({ label: v, value: v }))],
    { title, placeHolder: field === 'model' ? vscode.l10n.t('Which model?') : field === 'stage' ? vscode.l10n.t('Which stage?') : vscode.l10n.t('Whose events?') },
  );
  if (chosen === undefined) return undefined;
  history.setFilter({ ...current, [field]: chosen ?? undefined });
  return history.filter;
}

async function askDateRange(title: string, current: TimelineFilter): Promise<{ from?: number; to?: number } | undefined> {
  const validate = (value: string) => (value.trim() === '' || parseDateInput(value) !== null ? null : vscode.l10n.t('Type a date as YYYY-MM-DD, or YYYY-MM-DD HH:MM; leave it empty for no bound.'));
  const from = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('From (UTC): YYYY-MM-DD (the start of that day) or YYYY-MM-DD HH:MM; empty for no bound'),
    value: current.from === undefined ? '' : new Date(current.from).toISOString().slice(0, 10),
    ignoreFocusOut: true,
    validateInput: validate,
  });
  if (from === undefined) return undefined;
  const to = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Until (UTC): YYYY-MM-DD (the end of that day) or YYYY-MM-DD HH:MM; empty for no bound'),
    value: current.to === undefined ? '' : new Date(current.to).toISOString().slice(0, 10),
    ignoreFocusOut: true,
    validateInput: validate,
  });
  if (to === undefined) return undefined;
  return { from: startOf(from), to: to.trim() === '' ? undefined : (parseDateInput(to) ?? undefined) };
}

/** A typed lower bound: a day alone means its first moment (parseDateInput reads it as its last). */
function startOf(text: string): number | undefined {
  const at = parseDateInput(text);
  if (at === null) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? at - DAY_MS + 1 : at;
}

function filterFromArgument(arg: Record<string, unknown>): TimelineFilter {
  const text = (key: string) => {
    const value = arg[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new UserError(vscode.l10n.t('The history filter\'s {0} must be text.', key));
    return value;
  };
  const date = (key: string, bound: (typed: string) => number | undefined) => {
    const typed = text(key);
    if (typed === undefined) return undefined;
    const at = bound(typed);
    if (at === undefined) throw new UserError(vscode.l10n.t('"{0}" is not a date; type it as YYYY-MM-DD, or YYYY-MM-DD HH:MM.', typed));
    return at;
  };
  return { model: text('model'), stage: text('stage'), actor: text('actor'), from: date('from', startOf), to: date('to', (t) => parseDateInput(t) ?? undefined) };
}
