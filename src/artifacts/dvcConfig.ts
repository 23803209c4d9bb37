import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The cache folder DVC uses for a project, and the config file that named it ('default' when none does). */
export interface DvcCacheSetting {
  dir: string;
  from: string;
}

/**
 * DVC's config levels in the order DVC reads them, the later winning
 * (https://dvc.org/doc/command-reference/config#description): system, global, repository, local.
 * System and global are platformdirs' site and user config folders for "dvc".
 */
function configLevels(repoRoot: string): string[] {
  const home = os.homedir();
  if (process.platform === 'win32') {
    const programData = process.env.ProgramData ?? 'C:\\ProgramData';
    const appData = process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local');
    return [path.join(programData, 'iterative', 'dvc', 'config'), path.join(appData, 'iterative', 'dvc', 'config'), ...repoLevels(repoRoot)];
  }
  if (process.platform === 'darwin') {
    return [path.join('/Library/Application Support/dvc/config'), path.join(home, 'Library/Application Support/dvc/config'), ...repoLevels(repoRoot)];
  }
  const system = (process.env.XDG_CONFIG_DIRS || '/etc/xdg').split(':')[0] || '/etc/xdg';
  const global = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  return [path.join(system, 'dvc', 'config'), path.join(global, 'dvc', 'config'), ...repoLevels(repoRoot)];
}

function repoLevels(repoRoot: string): string[] {
  return [path.join(repoRoot, '.dvc', 'config'), path.join(repoRoot, '.dvc', 'config.local')];
}

/** The project's cache: `cache.dir` of the last config level that sets it (relative to that file's folder), else `.dvc/cache`. */
export function dvcCacheSetting(repoRoot: string): DvcCacheSetting {
  let found: DvcCacheSetting = { dir: path.join(repoRoot, '.dvc', 'cache'), from: 'default' };
  for (const file of configLevels(repoRoot)) {
    if (!fs.existsSync(file)) continue;
    const dir = cacheDirSetting(fs.readFileSync(file, 'utf8'));
    if (dir !== null) found = { dir: path.resolve(path.dirname(file), dir.replace(/^~(?=$|[\\/])/, os.homedir())), from: file };
  }
  return found;
}

/** `dir = …` in the `[cache]` section of DVC's INI config, read as configobj reads a value: quoted, or up to an inline comment. */
export function cacheDirSetting(text: string): string | null {
  let section = '';
  let dir: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/.exec(line);
    if (header) section = header[1]!.replace(/^(['"])(.*)\1$/, '$2');
    const setting = /^\s*dir\s*=\s*(.*)$/.exec(line);
    if (section === 'cache' && setting) dir = configValue(setting[1]!);
  }
  return dir;
}

function configValue(raw: string): string | null {
  const quoted = /^(['"])(.*?)\1\s*(?:[#;].*)?$/.exec(raw);
  const value = quoted ? quoted[2]! : raw.replace(/\s*[#;].*$/, '').trim();
  return value === '' ? null : value;
}
