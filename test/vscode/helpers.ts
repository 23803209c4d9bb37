import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/views/treeNode';

export const EXTENSION_ID = 'model-ledger.model-ledger';

export async function activateApi(): Promise<ModelLedgerApi> {
  const extension = vscode.extensions.getExtension<ModelLedgerApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** One of the extension's own JSON files as written (VS Code's packageJSON has the %…% titles localized already). */
export function extensionJson<T>(name: 'package.json' | 'package.nls.json'): T {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return JSON.parse(fs.readFileSync(path.join(extension.extensionPath, name), 'utf8')) as T;
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the demo workspace open');
  return folder;
}

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real');

/**
 * Copies a fixture of test/fixtures/real to `target` in the workspace at once. Fixtures are
 * read-only in git; the copies are writable like any training output.
 */
export function copyFixture(fixture: string, target: string): string {
  const destination = path.join(workspaceFolder().uri.fsPath, target);
  fs.cpSync(path.join(FIXTURES, fixture), destination, { recursive: true });
  for (const entry of fs.readdirSync(destination, { recursive: true, withFileTypes: true })) {
    fs.chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
  }
  fs.chmodSync(destination, 0o755);
  return destination;
}

export function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** The labels of a provider's children of `node` (its roots when undefined). */
export async function childLabels(provider: vscode.TreeDataProvider<TreeNode>, node?: TreeNode): Promise<string[]> {
  const children = (await provider.getChildren(node)) ?? [];
  return Promise.all(children.map(async (c) => label(await provider.getTreeItem(c))));
}

export async function childByLabel(provider: vscode.TreeDataProvider<TreeNode>, wanted: string, node?: TreeNode): Promise<TreeNode> {
  for (const child of (await provider.getChildren(node)) ?? []) {
    if (label(await provider.getTreeItem(child)) === wanted) return child;
  }
  throw new Error(`no child "${wanted}"; have ${JSON.stringify(await childLabels(provider, node))}`);
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Row {
  node: TreeNode;
  item: vscode.TreeItem;
  label: string;
}

/** The rows a provider shows under `node` (its roots when undefined): node, item and label. */
export async function treeRows(provider: vscode.TreeDataProvider<TreeNode>, node?: TreeNode): Promise<Row[]> {
  const children = (await provider.getChildren(node)) ?? [];
  return Promise.all(
    children.map(async (child) => {
      const item = await provider.getTreeItem(child);
      return { node: child, item, label: label(item) };
    }),
  );
}

/** Whether a webview's resource roots (folders or files) cover `file`. */
export function coveredBy(roots: readonly string[], file: string): boolean {
  return roots.some((r) => file === r || file.startsWith(`${r}${path.sep}`));
}
