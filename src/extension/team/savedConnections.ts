import type * as vscode from 'vscode';
import { readTeamConfig, removeTeamConfig, writeTeamConfig } from '../../team/teamConfig';

/**
 * Which team store each folder is connected to: its URL without the password in the folder's
 * `.modelledger/team.json`, the file `model-ledger team connect` writes (so the CLI in a terminal
 * syncs with the same store, and a connection made there is taken up here), and the password in
 * VS Code's SecretStorage (the OS keychain), keyed by that URL so folders on one server share it.
 * The password is never written to the workspace.
 */
export class SavedConnections {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** The folder's team store URL, or undefined; throws a UserError when team.json is unreadable. */
  url(folder: string): string | undefined {
    return readTeamConfig(folder)?.url;
  }

  password(url: string): Thenable<string | undefined> {
    return this.secrets.get(secretKey(url));
  }

  /** Saves the folder's URL (its store folder must exist) and the password, or forgets an old one when none is given. */
  async save(folder: string, url: string, password: string | undefined): Promise<void> {
    // None given: PGPASSWORD or ~/.pgpass answer, not an old password.
    if (password) await this.secrets.store(secretKey(url), password);
    else await this.secrets.delete(secretKey(url));
    writeTeamConfig(folder, url);
  }

  /** Forgets the folder's connection, and its password unless another folder still uses that server. */
  async forget(folder: string, url: string, keepPassword: boolean): Promise<void> {
    removeTeamConfig(folder);
    if (!keepPassword) await this.secrets.delete(secretKey(url));
  }
}

function secretKey(url: string): string {
  return `modelLedger.team.password:${url}`;
}
