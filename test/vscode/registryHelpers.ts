// Helpers of the registry suites (registry*.test.ts): git in the test workspace, Models view rows,
// and a reader of package.json `when` clauses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { childByLabel, copyFixture, label, treeRows, waitFor, workspaceFolder, type Row } from './helpers';

/** The demo's own model (scripts/make-demo.ts): git tags, with v1.1.0 at HEAD in staging and v1.0.0 in prod. */
export const DEMO_MODEL = 'churn-classifier';

/**
 * A model of a real MLflow registry (test/fixtures/real/silver6wings__MLFlowSample), version 1 in
 * Production: imported, it lives in the store only, the case the git registry leaves alone.
 */
export const MLFLOW_MODEL = 'test_r_m';

/** Imports that MLflow store with Import Runs… (once per window); resolves when the Models view shows its model. */
export async function importMlflowRegistry(api: ModelLedgerApi): Promise<Row> {
  const target = path.join('imported', 'mlflow-registry', 'mlruns');
  if (!fs.existsSync(path.join(workspaceFolder().uri.fsPath, target))) {
    const mlruns = copyFixture('silver6wings__MLFlowSample/mlruns', target);
    await vscode.commands.executeCommand('modelLedger.importRuns', vscode.Uri.file(mlruns));
  }
  return waitFor(`${MLFLOW_MODEL} in the Models view`, async () => (await rowsOf(api)).find((r) => r.label === MLFLOW_MODEL), 30_000);
}

/** Runs git in the test workspace (a real repository: the demo's history, copied by the harness). */
export function git(...args: string[]): Promise<string> {
  return gitIn(workspaceFolder().uri.fsPath, ...args);
}

export function gitIn(dir: string, ...args: string[]): Promise<string> {
  return simpleGit({ baseDir: dir }).raw(args);
}

export async function tagNames(): Promise<string[]> {
  return (await git('tag', '--list')).split('\n').filter(Boolean).sort();
}

/**
 * Takes a suite's model out of the shared demo repository (its tags) and waits until the Models
 * view has forgotten it: the git registry's other suites count the versions at HEAD and the tags.
 */
export async function removeModelTags(api: ModelLedgerApi, model: string): Promise<void> {
  const tags = (await tagNames()).filter((t) => t.startsWith(`${model}@`) || t.startsWith(`${model}#`));
  if (tags.length > 0) await git('tag', '-d', ...tags);
  await waitFor(`${model} to leave the Models view`, async () => ((await rowsOf(api)).some((r) => r.label === model) ? undefined : true), 20_000);
}

export async function run<T>(command: string, args?: unknown): Promise<T | undefined> {
  return vscode.commands.executeCommand<T | undefined>(command, args);
}

export function rowsOf(api: ModelLedgerApi, node?: TreeNode): Promise<Row[]> {
  return treeRows(api.models, node);
}

export async function rowOf(api: ModelLedgerApi, node: TreeNode): Promise<Row> {
  const item = await api.models.getTreeItem(node);
  return { node, item, label: label(item) };
}

/** The model's row, once the Models view shows it. */
export function modelRow(api: ModelLedgerApi, model: string): Promise<Row> {
  return waitFor(`${model} in the Models view`, async () => {
    const found = (await rowsOf(api)).find((r) => r.label === model);
    return found;
  });
}

export async function versionRow(api: ModelLedgerApi, model: string, version: string): Promise<Row> {
  const parent = await modelRow(api, model);
  return rowOf(api, await childByLabel(api.models, version, parent.node));
}

/** Evaluates a `when` clause of package.json with the given context keys (==, !=, =~, !, &&, ||, parentheses). */
export function evaluateWhen(clause: string, context: Record<string, string | boolean | string[] | undefined>): boolean {
  const tokens = clause.match(/\(|\)|&&|\|\||!=|==|=~|!|\/(?:\\.|[^/])+\/[a-z]*|[\w.-]+/g) ?? [];
  let i = 0;
  const value = (name: string): string | boolean | string[] | undefined => (name === 'true' ? true : name === 'false' ? false : context[name]);
  const primary = (): boolean => {
    const token = tokens[i++]!;
    if (token === '!') return !primary();
    if (token === '(') {
      const result = or();
      i++; // ')'
      return result;
    }
    const op = tokens[i];
    if (op === '==' || op === '!=') {
      i++;
      const right = tokens[i++]!;
      const equal = String(value(token)) === right;
      return op === '==' ? equal : !equal;
    }
    if (op === 'in') {
      i++;
      const list = value(tokens[i++]!) as unknown;
      return Array.isArray(list) && list.includes(value(token));
    }
    if (op === '=~') {
      i++;
      const literal = tokens[i++]!;
      const end = literal.lastIndexOf('/');
      return new RegExp(literal.slice(1, end), literal.slice(end + 1)).test(String(value(token) ?? ''));
    }
    return Boolean(value(token));
  };
  const and = (): boolean => {
    let result = primary();
    while (tokens[i] === '&&') {
      i++;
      result = primary() && result;
    }
    return result;
  };
  const or = (): boolean => {
    let result = and();
    while (tokens[i] === '||') {
      i++;
      result = and() || result;
    }
    return result;
  };
  const result = or();
  if (i !== tokens.length) throw new Error(`could not read the when clause ${clause}`);
  return result;
}
