// Which team store a workspace syncs with, for the CLI: `.modelledger/team.json`, holding the URL
// without its password (the password comes from PGPASSWORD or ~/.pgpass, as libpq's tools do; the
// extension keeps its own in VS Code's SecretStorage). The store folder's .gitignore keeps it out of
// git: the URL names a person's role.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorMessage, UserError } from '../core/errors';
import { storeDir } from '../store/paths';
import { urlWithoutPassword } from './connectionUrl';

export const TEAM_CONFIG_FILE = 'team.json';
/** The variable the Python client reads too: a training box or CI names the store without `team connect`. */
export const TEAM_URL_VARIABLE = 'MODEL_LEDGER_TEAM_URL';

export interface TeamConfig {
  /** The team store's URL, never with a password. */
  url: string;
}

export function teamConfigPath(workspace: string): string {
  return path.join(storeDir(workspace), TEAM_CONFIG_FILE);
}

/** The workspace's team store, or null when it has none. */
export function readTeamConfig(workspace: string): TeamConfig | null {
  const file = teamConfigPath(workspace);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON (${errorMessage(error)}); run "model-ledger team connect URL" again to rewrite it.`);
  }
  const url = (parsed as { url?: unknown } | null)?.url;
  if (typeof url !== 'string' || url === '') throw new UserError(`${file} has no "url"; run "model-ledger team connect URL" again to rewrite it.`);
  return { url };
}

/** Saves the URL, its password taken out; written whole or not at all. */
export function writeTeamConfig(workspace: string, url: string): TeamConfig {
  const config: TeamConfig = { url: urlWithoutPassword(url) };
  const file = teamConfigPath(workspace);
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, JSON.stringify(config, null, 2) + '\n');
  fs.renameSync(partial, file);
  return config;
}

/** Forgets the workspace's team store; false when it had none. */
export function removeTeamConfig(workspace: string): boolean {
  const file = teamConfigPath(workspace);
  if (!fs.existsSync(file)) return false;
  fs.rmSync(file);
  return true;
}

export interface TeamUrlChoice {
  url: string;
  /** Where it came from, for messages: "--url", "MODEL_LEDGER_TEAM_URL" or the team.json path. */
  from: string;
}

/** The URL a sync uses: `--url`, else MODEL_LEDGER_TEAM_URL, else the workspace's team.json. */
export function chooseTeamUrl(workspace: string, explicit: string | undefined, env: Record<string, string | undefined> = process.env): TeamUrlChoice {
  if (explicit) return { url: explicit, from: '--url' };
  const fromEnv = env[TEAM_URL_VARIABLE];
  if (fromEnv) return { url: fromEnv, from: TEAM_URL_VARIABLE };
  const config = readTeamConfig(workspace);
  if (config) return { url: config.url, from: teamConfigPath(workspace) };
  throw new UserError(`this workspace is not connected to a team store: run "model-ledger team connect postgresql://USER@HOST/DATABASE", or set ${TEAM_URL_VARIABLE}, or give --url.`);
}
