import type * as vscode from 'vscode';
import { readTeamConfig, removeTeamConfig, writeTeamConfig } from '../../team/teamConfig';

/**
 * Which team store each folder is connected to: its URL without the password in the folder's
 * `.modelledger/team.json`, the file `model-ledger team connect` writes (so the CLI in a terminal
 * syncs with the same store, and a connection made there is taken up here), and the password in
 * VS Code's SecretStorage (the OS keychain), keyed by folder and URL: connecting one folder never
 * changes another's password. The password is never written to the workspace.
 */
export class SavedConnections {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** The folder's team store URL, or undefined; throws a UserError when team.json is unreadable. */
  url(folder: string): string | undefined {
    return readTeamConfig(folder)?.url;
  }

  password(folder: string, url: string): Thenable<string | undefined> {
    return this.secrets.get(secretKey(folder, url));
  }

  /** Saves the folder's URL (its store folder must exist) and the password; the secret of a URL it no longer uses is forgotten. */
  async save(folder: string, url: string, password: string | undefined): Promise<void> {
    const previous = previousUrl(folder);
    if (previous !== undefined && previous !== url) await this.secrets.delete(secretKey(folder, previous));
    // None given: PGPASSWORD or ~/.pgpass answer, not an old password.
    if (password) await this.secrets.store(secretKey(folder, url), password);
    else await this.secrets.delete(secretKey(folder, url));
    writeTeamConfig(folder, url);
  }

  /** Forgets the folder's connection and its password. */
  async forget(folder: string, url: string): Promise<void> {
    removeTeamConfig(folder);
    await this.secrets.delete(secretKey(folder, url));
  }
}

function secretKey(folder: string, url: string): string {
  return `modelLedger.team.password:${JSON.stringify([folder, url])}`;
}

/** The URL team.json names now; an unreadable team.json is about to be replaced, and names none. */
function previousUrl(folder: string): string | undefined {
  try {
    return readTeamConfig(folder)?.url;
  } catch {
    return undefined; // save() writes a valid file over it
  }
}
