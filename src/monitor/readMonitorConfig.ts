import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFileError, fileErrorCode } from '../core/fileErrors';
import { MONITOR_CONFIG_FILE } from '../core/monitor/monitorConfig';
import { parseMonitorConfig, type ParsedMonitorConfig } from '../core/monitor/parseMonitorConfig';

/** The path of a workspace folder's monitor.yaml. */
export function monitorConfigPath(workspace: string): string {
  return path.join(workspace, ...MONITOR_CONFIG_FILE.split('/'));
}

/**
 * A workspace folder's monitor.yaml, read and validated; null when there is none (nothing is
 * watched). A file that cannot be read is an error at its line 1, as a syntax error would be.
 */
export async function readMonitorConfig(workspace: string): Promise<ParsedMonitorConfig | null> {
  const file = monitorConfigPath(workspace);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    if (fileErrorCode(error) === 'ENOENT') return null;
    const described = describeFileError(error, file);
    if (described === null) throw error;
    return { config: { models: [] }, errors: [{ file: MONITOR_CONFIG_FILE, line: 1, column: 1, message: described }] };
  }
  return parseMonitorConfig(text, MONITOR_CONFIG_FILE);
}
