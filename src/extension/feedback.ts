import * as vscode from 'vscode';
import { errorMessage, isUserError } from '../core/errors';

export interface ShownMessage {
  kind: 'info' | 'warning' | 'error';
  text: string;
}

/**
 * What commands and panels tell the user: results, refusals and failures. A UserError's one-line
 * message is shown as it is; anything else is an internal error, shown and logged with its stack.
 * The last message is kept for the extension-host tests.
 */
export class Feedback {
  last: ShownMessage | undefined;

  constructor(private readonly output: vscode.LogOutputChannel) {}

  info(text: string, ...actions: string[]): Thenable<string | undefined> {
    this.last = { kind: 'info', text };
    this.output.info(text);
    return vscode.window.showInformationMessage(text, ...actions);
  }

  warning(text: string, ...actions: string[]): Thenable<string | undefined> {
    this.last = { kind: 'warning', text };
    this.output.warn(text);
    return vscode.window.showWarningMessage(text, ...actions);
  }

  error(error: unknown): void {
    const text = errorMessage(error);
    this.last = { kind: 'error', text };
    this.log(error);
    void vscode.window.showErrorMessage(isUserError(error) ? text : vscode.l10n.t('Model Ledger: {0} (details in the Model Ledger output)', text));
  }

  /** Only logs: a UserError as a warning, anything else with its stack. */
  log(error: unknown): void {
    const text = errorMessage(error);
    if (isUserError(error)) this.output.warn(text);
    else this.output.error(error instanceof Error ? (error.stack ?? text) : text);
  }

  /** Refuses a git or store write in an untrusted workspace; true when the write may go ahead. */
  allowWrite(what: string): boolean {
    if (vscode.workspace.isTrusted) return true;
    void this.warning(vscode.l10n.t('{0} writes git tags and the Model Ledger store, which an untrusted workspace does not allow. Trust the workspace to use the registry.', what));
    return false;
  }
}
