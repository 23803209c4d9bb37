import type * as vscode from 'vscode';

/**
 * The first time the user looks at runs: one of `views` is (or becomes) visible, or `now()` is
 * called (a restored panel, a command). Work that only matters then waits on `seen`.
 */
export class FirstLook {
  readonly seen: Promise<void>;
  readonly now: () => void;

  constructor(views: readonly vscode.TreeView<unknown>[]) {
    let resolve!: () => void;
    this.seen = new Promise<void>((r) => (resolve = r));
    const listeners = views.map((view) => view.onDidChangeVisibility(({ visible }) => visible && this.now()));
    this.now = () => {
      for (const listener of listeners) listener.dispose();
      resolve();
    };
    if (views.some((view) => view.visible)) this.now();
  }
}
