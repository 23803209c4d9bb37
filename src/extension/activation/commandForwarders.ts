import * as vscode from 'vscode';

/**
 * Every command package.json contributes, registered before the features are loaded: the first
 * call loads them (`load` disposes these forwarders before the real commands are registered) and
 * runs the real command with the same arguments, giving back what it returns. Commands of one
 * extension host run in it directly, so tree rows and objects arrive unchanged.
 */
export function commandForwarders(commandIds: readonly string[], load: () => void): vscode.Disposable {
  return vscode.Disposable.from(
    ...commandIds.map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        load();
        return vscode.commands.executeCommand(id, ...args);
      }),
    ),
  );
}

/** The ids of the commands in package.json's contributes.commands. */
export function contributedCommands(packageJSON: unknown): string[] {
  const commands = (packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
  return commands.map((c) => c.command);
}

/** The webview panels VS Code restores through this extension: its `onWebviewPanel:<viewType>` activation events. */
export function restoredPanelTypes(packageJSON: unknown): string[] {
  const events = (packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
  return events.flatMap((event) => (event.startsWith('onWebviewPanel:') ? [event.slice('onWebviewPanel:'.length)] : []));
}
