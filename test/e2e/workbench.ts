// What scripts/code-server/run-e2e.mjs hands each *.e2e.js file, and locators into the workbench
// shared by those files.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import type { FrameLocator, Locator, Page } from 'playwright-core';

export interface E2EContext {
  page: Page;
  /** Absolute path of the demo workspace open in the workbench. */
  workspace: string;
  /** Loads the workbench (with the extension from source unless prepare() installed a build); resolves once the workbench DOM exists. */
  open(): Promise<void>;
  /** Saves a screenshot of the page as test-results/<fileName>, and with docs: true also as docs/images/<fileName> when UPDATE_DOCS_IMAGES=1. */
  screenshot(fileName: string, options?: { docs?: boolean }): Promise<void>;
  /** Replaces the user settings (on top of the harness's quiet defaults). Call it before open(): a running workbench often misses the change. */
  updateSettings(values: Record<string, unknown>): void;
}

/** What an *.e2e.js file's optional prepare(scratchDir) returns: how to set up its server. */
export interface E2EServerOptions {
  /** .vsix files to install into the server's extensions dir; the workbench then loads no extension from source. */
  install?: string[];
  /** The folder to open instead of a fresh demo workspace. */
  workspace?: string;
  /** Leave VS Code's workspace trust on (it is off for the other tests); the test sets `security.workspace.trust.enabled`. */
  workspaceTrust?: boolean;
}

export interface Theme {
  /** The `workbench.colorTheme` value. */
  setting: string;
  /** Its name in the theme picker. */
  label: string;
  /** The theme type, a class on the workbench element. */
  workbenchClass: string;
}

// The web workbench starts light when no theme is set, so the dark shot names its theme too.
export const DARK: Theme = { setting: 'Dark 2026', label: 'Dark 2026', workbenchClass: 'vs-dark' };
export const LIGHT: Theme = { setting: 'Light 2026', label: 'Light 2026', workbenchClass: 'vs' };
export const HIGH_CONTRAST: Theme = { setting: 'Default High Contrast', label: 'Dark High Contrast', workbenchClass: 'hc-black' };

/** The theme type class on the workbench element is a precise sign the theme is applied. */
export function themeApplied(page: Page, theme: Theme): Promise<void> {
  return page.locator(`.monaco-workbench.${theme.workbenchClass}`).waitFor();
}

/**
 * Switches the theme the way a user does, with Preferences: Color Theme. Rewriting settings.json
 * works before open() but not reliably after: the running workbench often misses the change.
 */
export async function selectTheme(page: Page, theme: Theme): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  const item = (label: RegExp) => page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: label }) });
  await page.keyboard.press('F1');
  await input.fill('>Preferences: Color Theme');
  await item(/^Preferences: Color Theme$/).click();
  await input.fill(theme.label);
  await item(new RegExp(`^${escapeRegExp(theme.label)}$`)).click();
  await themeApplied(page, theme);
}

/** Opens the Model Ledger container; the extension has no activation events of its own, so this activates it. */
export function showModelLedger(page: Page): Promise<void> {
  return page.locator('.part.activitybar .action-item a[aria-label^="Model Ledger"]').first().click();
}

/** The view pane whose header reads `title` in the side bar. */
export function pane(page: Page, title: string): Locator {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${title}$`) }) });
}

/** Tree rows (a row's aria-label is its tooltip, so match the visible label instead). */
export function row(scope: Locator, label: string, level?: number): Locator {
  const rows = scope.locator(level ? `.monaco-list-row[role=treeitem][aria-level="${level}"]` : '.monaco-list-row[role=treeitem]');
  return rows.filter({ has: scope.page().locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
}

/** Parks the mouse on the empty end of the title bar, so no hover highlight or tooltip lands in a screenshot. */
export async function unhover(page: Page): Promise<void> {
  const title = await page.locator('.part.titlebar').boundingBox();
  if (!title) throw new Error('the title bar is not laid out');
  await page.mouse.move(title.x + title.width - 200, title.y + title.height / 2);
}

/** The document of the one webview on the page (VS Code nests it in two iframes, laid over the editor). */
export function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Unfolds a tree row unless it is open already (a view may have revealed it): a click would fold it. */
export async function expand(target: Locator): Promise<void> {
  if ((await target.getAttribute('aria-expanded')) === 'false') await target.locator('.monaco-tl-twistie').click();
  await target.and(target.page().locator('[aria-expanded="true"]')).waitFor();
}

/** Drags the side bar's sash; the width then holds through theme changes. */
export async function widenSidebar(page: Page, width: number): Promise<void> {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const sash = await page.locator('.monaco-sash.primary-sidebar-sash').boundingBox();
  assert.ok(sidebar && sash, 'the side bar and its sash are laid out');
  const y = sash.y + sash.height / 2;
  await page.mouse.move(sash.x + sash.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(sidebar.x + width, y, { steps: 10 });
  await page.mouse.up();
  const widened = await page.locator('.part.sidebar').boundingBox();
  assert.ok(widened && Math.abs(widened.width - width) <= 2, `the side bar is ${width}px wide, not ${widened?.width}`);
}

/**
 * Rests the mouse on a row's label until its hover card with `text` shows; returns the card. A row
 * redrawn under the pointer (a refresh of the view) drops its pending hover, so the mouse moves
 * away and back, a few times at most.
 */
export async function hoverCard(page: Page, target: Locator, text: RegExp | string): Promise<Locator> {
  const card = page.locator('.monaco-hover, .workbench-hover', { hasText: text }).last();
  for (let attempt = 1; ; attempt++) {
    await dismissHover(page);
    await target.locator('.label-name').hover();
    try {
      await card.waitFor({ timeout: 5000 });
      return card;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

/** Opens the workspace in the dark theme, once it is applied, with Model Ledger's side bar shown: where every workbench test starts. */
export async function openModelLedger({ page, open, updateSettings }: E2EContext): Promise<void> {
  updateSettings({ 'workbench.colorTheme': DARK.setting });
  await open();
  await themeApplied(page, DARK);
  await showModelLedger(page);
}

/**
 * The workbench in the dark theme at 1600×1000, Model Ledger shown in a side bar `sidebarWidth`
 * px wide, once `model` is listed in the Models view: where the registry and governance tests
 * start. Returns the Models view.
 */
export async function openModels(context: E2EContext, model: string, sidebarWidth: number): Promise<Locator> {
  const { page } = context;
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openModelLedger(context);
  const models = pane(page, 'Models');
  await row(models, model, 1).waitFor({ timeout: 30_000 });
  await widenSidebar(page, sidebarWidth);
  return models;
}

/**
 * The workbench in the dark theme at `height` px, Model Ledger shown with its Models view folded
 * (so the Experiments view draws every row) in a side bar 360 px wide, once `experiment` is listed:
 * where the compare tests start. Returns the Experiments view.
 */
export async function openExperiments(context: E2EContext, height: number, experiment: string): Promise<Locator> {
  const { page } = context;
  await page.setViewportSize({ width: 1400, height });
  await openModelLedger(context);
  const experiments = pane(page, 'Experiments');
  await pane(page, 'Models').locator('.pane-header').click();
  await widenSidebar(page, 360);
  await row(experiments, experiment, 1).waitFor({ timeout: 60_000 });
  return experiments;
}

/** Moves the mouse away and waits until no hover card (a run's tooltip, left by earlier clicks) lies over the rows. */
export async function dismissHover(page: Page): Promise<void> {
  await unhover(page);
  await page.locator('.context-view .rendered-markdown').waitFor({ state: 'hidden' });
  // An action's hover ("Close (Ctrl+W)" over a tab) outlives the pointer that raised it until the workbench hides it.
  await page.locator('.workbench-hover:visible').first().waitFor({ state: 'detached' });
}

/** Opens a row's context menu and chooses `action` in it. */
export async function contextMenu(page: Page, target: Locator, action: string): Promise<void> {
  const item = page.locator('.context-view .monaco-menu .action-item', { hasText: action });
  const focused = page.locator('.context-view .monaco-menu .action-item.focused', { hasText: action });
  for (let attempt = 1; ; attempt++) {
    await dismissHover(page);
    await target.click({ button: 'right' });
    // Hovering focuses the item (a click can land while the menu is still being laid out); Enter runs it.
    // A tree refresh can close the menu under the pointer: then it is opened again.
    await item.hover();
    try {
      await focused.waitFor({ timeout: 5000 });
      break;
    } catch (error) {
      if (attempt === 4) throw error;
      await page.keyboard.press('Escape');
      await item.waitFor({ state: 'detached' });
    }
  }
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'detached' });
}

export function quickInput(page: Page) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input.input');
  return {
    input,
    /** Waits for the quick input to ask (its title or placeholder), then chooses the item labelled `label`. */
    async choose(label: string | RegExp): Promise<void> {
      const item = widget.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: label }) });
      await item.first().click();
    },
    async type(text: string): Promise<void> {
      await input.fill(text);
      await input.press('Enter');
    },
    /** Waits until the quick input asks `text`: in its title, prompt or placeholder. */
    async waitForPrompt(text: RegExp): Promise<void> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (await widget.isVisible()) {
          const shown = await widget.innerText().catch(() => '');
          const placeholder = (await input.getAttribute('placeholder').catch(() => null)) ?? '';
          if (text.test(shown) || text.test(placeholder)) return;
        }
        if (Date.now() > deadline) throw new Error(`the quick input never asked ${text}`);
        await page.waitForTimeout(100);
      }
    },
  };
}

/** Runs a command from the palette (F1), by its title. */
export async function palette(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  // The palette lists what it knew when it opened: a command whose enablement the window was still
  // settling (workspace trust, a context key) can be missing once; and the palette closes when
  // something takes the focus (a preview opening after an import) between opening and typing. So
  // each attempt opens it afresh, and only the third failure is the test's.
  for (let attempt = 1; ; attempt++) {
    try {
      await openPalette(page, input);
      await input.fill(`>${title}`, { timeout: 5000 });
      await rows.filter({ hasText: title }).first().click({ timeout: 10_000 });
      return;
    } catch (error) {
      const shown = (await rows.allInnerTexts().catch(() => [])).map((r) => r.replace(/\s+/g, ' ').trim());
      if (attempt === 3) throw new Error(`the command palette never listed "${title}"; it showed: ${shown.join(' | ') || 'nothing'} (${String(error)})`);
      if (await input.isVisible()) await page.keyboard.press('Escape');
    }
  }
}

async function openPalette(page: Page, input: Locator): Promise<void> {
  await page.keyboard.press('F1');
  try {
    await input.waitFor({ state: 'visible', timeout: 5000 });
  } catch {
    // A webview that has the focus (a panel restored after a reload) keeps F1: give the workbench the focus back.
    await page.locator('.part.sidebar .composite.title').click();
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 5000 });
  }
}

/** Makes `workspace` a git repository with everything in it committed, as a project's checkout. */
export function commitWorkspace(workspace: string, message: string): void {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@example.com' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, env, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', message);
}
