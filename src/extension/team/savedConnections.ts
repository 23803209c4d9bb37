import type * as vscode from 'vscode';

const URLS_KEY = 'modelLedger.team.urls';

/**
 * Which team store each folder is connected to: its URL without the password in the workspace's
 * state, the password in VS Code's SecretStorage (the OS keychain), keyed by that URL so folders
 * connected to one server share it. Neither is ever written to the workspace's files.
 */
export class SavedConnections {
  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  /** Folder path → URL, for every folder connected. */
  urls(): Record<string, string> {
    return { ...this.state.get<Record<string, string>>(URLS_KEY, {}) };
  }

  password(url: string): Thenable<string | undefined> {
    return this.secrets.get(secretKey(url));
  }

  async save(folder: string, url: string, password: string | undefined): Promise<void> {
    if (password) await this.secrets.store(secretKey(url), password);
    else await this.secrets.delete(secretKey(url)); // none given: PGPASSWORD or ~/.pgpass answer, not an old password
    await this.state.update(URLS_KEY, { ...this.urls(), [folder]: url });
  }

  /** Forgets the folder's connection, and the password when no other folder uses its server. */
  async forget(folder: string): Promise<void> {
    const { [folder]: url, ...rest } = this.urls();
    await this.state.update(URLS_KEY, rest);
    if (url && !Object.values(rest).includes(url)) await this.secrets.delete(secretKey(url));
  }
}

function secretKey(url: string): string {
  return `modelLedger.team.password:${url}`;
}
