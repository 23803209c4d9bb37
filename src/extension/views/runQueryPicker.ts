import * as vscode from 'vscode';
import { NO_RUN_FILTER, parseMetricFilter, parseRunQuery, type RunFilterSpec, type RunQuery, type RunSortField } from '../../core/runQuery';
import { guessDirection } from '../../core/compare/direction';
import { RUN_STATUSES, type RunStatus } from '../../core/types';
import { runStatusLabel } from './runQueryWords';
import type { Store } from '../../store/store';
import type { WorkspaceStores } from '../workspaceStores';
import { ExperimentNode } from './nodes/experimentNode';
import type { RunQueryState } from './runQueryState';
import type { TreeNode } from './treeNode';

const PARAM_VALUES_SHOWN = 50;

type Item<T> = vscode.QuickPickItem & { value?: T };

/** The open stores of every folder: the pickers offer the keys found in any of them. */
function readyStores(stores: WorkspaceStores): Store[] {
  return stores.folders().flatMap((folder) => {
    const state = stores.read(folder);
    return state.kind === 'ready' ? [state.store] : [];
  });
}

function union(lists: string[][]): string[] {
  return [...new Set(lists.flat())].sort();
}

/** The experiments "Sort Runs…" can take its keys from. */
export interface SortScope {
  /** The experiments expanded in the view. */
  expanded(): ExperimentNode[];
  /** Every experiment the view lists. */
  experiments(): ExperimentNode[];
}

/**
 * "Sort Runs…": by start time, name, a metric (its last value) or a param of the experiment being
 * sorted, then the direction. The experiment is the row it was run on (its menu or inline button);
 * from the title bar or the palette, the one expanded experiment, else the user picks one (the
 * focused row's first), or all of them. The sort then applies to every experiment, as one query.
 * Argument `{ sort: { field, descending } }` skips the questions.
 */
export async function sortRuns(stores: WorkspaceStores, state: RunQueryState, scope: SortScope, arg?: unknown): Promise<RunQuery | undefined> {
  const given = asRecord(arg).sort;
  if (given !== undefined) return set(state, { ...state.current, sort: parseRunQuery({ sort: given }).sort });
  const experiment = await experimentToSort(scope, arg);
  if (experiment === undefined) return undefined;
  const keys = experiment ? experiment.sortKeys() : { metrics: union(readyStores(stores).map((s) => s.runList.metricKeys(null))), params: union(readyStores(stores).map((s) => s.runList.paramKeys(null))) };
  const current = state.current.sort;
  const sameField = (f: RunSortField) => JSON.stringify(f) === JSON.stringify(current.field);
  const fieldItem = (label: string, field: RunSortField, icon: string): Item<RunSortField> => ({
    label,
    iconPath: new vscode.ThemeIcon(icon),
    description: sameField(field) ? vscode.l10n.t('current') : undefined,
    value: field,
  });
  const { metrics, params } = keys;
  const items: Item<RunSortField>[] = [
    fieldItem(vscode.l10n.t('Start time'), { kind: 'startTime' }, 'clock'),
    fieldItem(vscode.l10n.t('Name'), { kind: 'name' }, 'symbol-text'),
    ...(metrics.length ? [{ label: vscode.l10n.t('Metrics (last value)'), kind: vscode.QuickPickItemKind.Separator }] : []),
    ...metrics.map((key) => fieldItem(key, { kind: 'metric', key }, 'graph')),
    ...(params.length ? [{ label: vscode.l10n.t('Params'), kind: vscode.QuickPickItemKind.Separator }] : []),
    ...params.map((key) => fieldItem(key, { kind: 'param', key }, 'symbol-parameter')),
  ];
  const title = experiment ? vscode.l10n.t('Sort Runs by a Metric or Param of {0}', experiment.experiment.name) : vscode.l10n.t('Sort Runs');
  const field = (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Sort runs by…'), matchOnDescription: true }))?.value;
  if (!field) return undefined;
  const descending = await pickDirection(field);
  if (descending === undefined) return undefined;
  return set(state, { ...state.current, sort: { field, descending } });
}

/**
 * The experiment whose keys "Sort Runs…" offers: the row's, the one expanded, the only one, or the
 * user's pick; null for all of them; undefined when the user backs out.
 */
async function experimentToSort(scope: SortScope, arg: unknown): Promise<ExperimentNode | null | undefined> {
  if (arg instanceof ExperimentNode) return arg;
  const expanded = scope.expanded();
  if (expanded.length === 1) return expanded[0];
  const experiments = scope.experiments();
  if (experiments.length <= 1) return experiments[0] ?? null;
  // From the title bar VS Code passes the focused row: its experiment is the likely one.
  const focused = experimentOf(arg);
  const ordered = [...new Set([focused, ...expanded, ...experiments].filter((e): e is ExperimentNode => e !== undefined))];
  const ALL = null;
  const items: Item<ExperimentNode | null>[] = [
    ...ordered.map((e) => ({ label: e.experiment.name, description: [e.qualifier, e.folder.name].filter(Boolean).join(' · '), iconPath: new vscode.ThemeIcon('beaker'), value: e })),
    { label: vscode.l10n.t('All experiments'), description: vscode.l10n.t('every metric and param'), iconPath: new vscode.ThemeIcon('list-flat'), value: ALL },
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Sort Runs'), placeHolder: vscode.l10n.t('Sort by the metrics and params of which experiment?'), matchOnDescription: true });
  return chosen ? (chosen.value ?? null) : undefined;
}

/** The experiment a row belongs to (itself for an experiment row), following its parents. */
function experimentOf(node: unknown): ExperimentNode | undefined {
  let current = node as TreeNode | undefined;
  while (current && typeof current === 'object') {
    if (current instanceof ExperimentNode) return current;
    current = current.parent;
  }
  return undefined;
}

/** Descending or not; the likely choice first: newest first, A to Z, a metric's best first (guessed from its name). */
async function pickDirection(field: RunSortField): Promise<boolean | undefined> {
  const numeric = field.kind === 'metric' || field.kind === 'param';
  const best = field.kind === 'metric' ? guessDirection(field.key) : undefined;
  const down: Item<boolean> = {
    label: field.kind === 'startTime' ? vscode.l10n.t('Newest first') : numeric ? vscode.l10n.t('Highest first') : vscode.l10n.t('Z to A'),
    description: best === 'higher' ? vscode.l10n.t('best first') : undefined,
    iconPath: new vscode.ThemeIcon('arrow-down'),
    value: true,
  };
  const up: Item<boolean> = {
    label: field.kind === 'startTime' ? vscode.l10n.t('Oldest first') : numeric ? vscode.l10n.t('Lowest first') : vscode.l10n.t('A to Z'),
    description: best === 'lower' ? vscode.l10n.t('best first') : undefined,
    iconPath: new vscode.ThemeIcon('arrow-up'),
    value: false,
  };
  const upFirst = field.kind === 'name' || field.kind === 'param' || best === 'lower';
  return (await vscode.window.showQuickPick(upFirst ? [up, down] : [down, up], { title: vscode.l10n.t('Sort Runs'), placeHolder: vscode.l10n.t('Direction') }))?.value;
}

type FilterPart = 'status' | 'param' | 'metric' | 'text' | 'owner' | 'clear';

/**
 * "Filter Runs…": by status, a param's value, a metric threshold, text in the name, id or note
 * (deleted runs are the Show Deleted toggle's). Argument `{ filter: { …parts of RunFilterSpec } }`
 * sets those parts without asking.
 */
export async function filterRuns(stores: WorkspaceStores, state: RunQueryState, arg?: unknown): Promise<RunQuery | undefined> {
  const given = asRecord(arg).filter;
  if (given !== undefined) {
    const merged = parseRunQuery({ filter: { ...state.current.filter, ...asRecord(given) } }).filter;
    return set(state, { ...state.current, filter: merged });
  }
  const f = state.current.filter;
  const none = vscode.l10n.t('any');
  const parts: Item<FilterPart>[] = [
    { label: vscode.l10n.t('Status…'), iconPath: new vscode.ThemeIcon('pass'), description: f.statuses?.map(runStatusLabel).join(', ') ?? none, value: 'status' },
    { label: vscode.l10n.t('Param value…'), iconPath: new vscode.ThemeIcon('symbol-parameter'), description: f.param ? `${f.param.key} = ${f.param.value}` : none, value: 'param' },
    { label: vscode.l10n.t('Metric threshold…'), iconPath: new vscode.ThemeIcon('graph'), description: f.metric ? `${f.metric.key} ${f.metric.op} ${f.metric.value}` : none, value: 'metric' },
    { label: vscode.l10n.t('Text…'), iconPath: new vscode.ThemeIcon('search'), description: f.text ?? none, value: 'text' },
    { label: vscode.l10n.t('Owner…'), iconPath: new vscode.ThemeIcon('person'), description: f.owner === undefined ? none : ownerLabel(f.owner), value: 'owner' },
    { label: vscode.l10n.t('Clear the filter'), iconPath: new vscode.ThemeIcon('clear-all'), value: 'clear' },
  ];
  const part = (await vscode.window.showQuickPick(parts, { title: vscode.l10n.t('Filter Runs'), placeHolder: vscode.l10n.t('Filter runs by…') }))?.value;
  if (!part) return undefined;
  const filter = await askFilterPart(readyStores(stores), f, part);
  return filter && set(state, { ...state.current, filter });
}

async function askFilterPart(all: Store[], f: RunFilterSpec, part: FilterPart): Promise<RunFilterSpec | undefined> {
  const title = vscode.l10n.t('Filter Runs');
  switch (part) {
    case 'status': {
      const picked = await vscode.window.showQuickPick(
        RUN_STATUSES.map((status) => ({ label: runStatusLabel(status), picked: f.statuses?.includes(status) ?? false, status })),
        { title, placeHolder: vscode.l10n.t('Show runs with these statuses (none checked: any status)'), canPickMany: true },
      );
      if (!picked) return undefined;
      const statuses: RunStatus[] = picked.map((p) => p.status);
      return { ...f, statuses: statuses.length ? statuses : null };
    }
    case 'param': {
      const keys = union(all.map((s) => s.runList.paramKeys(null)));
      const anyParam: Item<string | null> = { label: vscode.l10n.t('Any param value'), iconPath: new vscode.ThemeIcon('clear-all'), value: null };
      const key = await vscode.window.showQuickPick([anyParam, ...keys.map((k): Item<string | null> => ({ label: k, value: k }))], { title, placeHolder: vscode.l10n.t('Which param?') });
      if (!key) return undefined;
      if (key.value === null || key.value === undefined) return { ...f, param: null };
      const name = key.value;
      const values = union(all.map((s) => s.runList.paramValues(null, name, PARAM_VALUES_SHOWN)));
      const value = await vscode.window.showQuickPick(values, { title, placeHolder: vscode.l10n.t('Runs whose {0} is…', name) });
      return value === undefined ? undefined : { ...f, param: { key: name, value } };
    }
    case 'metric': {
      const text = await vscode.window.showInputBox({
        title,
        value: f.metric ? `${f.metric.key} ${f.metric.op} ${f.metric.value}` : '',
        placeHolder: 'acc >= 0.9',
        prompt: vscode.l10n.t('A metric, a comparison (<, <=, >, >=, =) and a number, on the last value. Empty: no metric filter.'),
        validateInput: (value) =>
          value.trim() === '' || parseMetricFilter(value) ? undefined : vscode.l10n.t('Write a metric, a comparison and a number, such as "acc >= 0.9" or "loss < 0.2".'),
      });
      if (text === undefined) return undefined;
      return { ...f, metric: text.trim() === '' ? null : parseMetricFilter(text)! };
    }
    case 'text': {
      const text = await vscode.window.showInputBox({ title, value: f.text ?? '', prompt: vscode.l10n.t('Runs whose name, id or note contains this text (any case). Empty: no text filter.') });
      if (text === undefined) return undefined;
      return { ...f, text: text.trim() === '' ? null : text.trim() };
    }
    case 'owner': {
      // undefined: anyone; null: the runs logged in this workspace; else a teammate's user@host.
      const owners = union(all.map((s) => s.runList.owners(null)));
      const items: Item<{ owner: string | null | undefined }>[] = [
        { label: vscode.l10n.t('Anyone'), iconPath: new vscode.ThemeIcon('clear-all'), value: { owner: undefined } },
        { label: ownerLabel(null), description: vscode.l10n.t('runs logged here'), iconPath: new vscode.ThemeIcon('home'), value: { owner: null } },
        ...owners.map((owner): Item<{ owner: string | null | undefined }> => ({ label: owner, description: vscode.l10n.t('pulled from the team store'), iconPath: new vscode.ThemeIcon('person'), value: { owner } })),
      ];
      const chosen = (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Show the runs logged by…') }))?.value;
      if (!chosen) return undefined;
      const filter = { ...f };
      if (chosen.owner === undefined) delete filter.owner;
      else filter.owner = chosen.owner;
      return filter;
    }
    case 'clear':
      return { ...NO_RUN_FILTER, showDeleted: f.showDeleted };
  }
}

function ownerLabel(owner: string | null): string {
  return owner ?? vscode.l10n.t('This workspace');
}

async function set(state: RunQueryState, query: RunQuery): Promise<RunQuery> {
  await state.set(query);
  return query;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** "Sort Runs…", "Filter Runs…", "Clear Sort and Filter", and Show Deleted / Hide Deleted. */
export function registerRunQueryCommands(stores: WorkspaceStores, state: RunQueryState, scope: SortScope): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('modelLedger.sortRuns', (arg?: unknown) => sortRuns(stores, state, scope, arg)),
    vscode.commands.registerCommand('modelLedger.filterRuns', (arg?: unknown) => filterRuns(stores, state, arg)),
    vscode.commands.registerCommand('modelLedger.clearRunQuery', () => state.clear()),
    vscode.commands.registerCommand('modelLedger.showDeleted', () => state.showDeleted(true)),
    vscode.commands.registerCommand('modelLedger.hideDeleted', () => state.showDeleted(false)),
  ];
}
