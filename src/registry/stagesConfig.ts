import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../core/errors';
import { parseDocument } from 'yaml';
import { stageNameProblem } from '../core/gto';

export const DEFAULT_STAGES: readonly string[] = ['dev', 'staging', 'prod'];
/** GTO's config file, at the repository root. */
export const GTO_CONFIG_FILE = '.gto';

export interface StagesConfig {
  /** The stages `.gto` allows; null when it does not say (any stage name then passes GTO). */
  stages: string[] | null;
  problems: string[];
}

/** Reads `stages:` from `.gto` (GTO reads its keys in any case: `stages`, `STAGES`). */
export function readGtoStages(root: string): StagesConfig {
  let source: string;
  try {
    source = fs.readFileSync(path.join(root, GTO_CONFIG_FILE), 'utf8');
  } catch (error) {
    // No .gto is the usual case; one that cannot be read is a problem to report.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { stages: null, problems: [] };
    return { stages: null, problems: [`${GTO_CONFIG_FILE}: could not be read (${errorMessage(error)})`] };
  }
  const doc = parseDocument(source);
  if (doc.errors.length > 0) return { stages: null, problems: [`${GTO_CONFIG_FILE}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`] };
  const data: unknown = doc.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { stages: null, problems: [] };
  const key = Object.keys(data).find((k) => k.toLowerCase() === 'stages');
  const value = key === undefined ? undefined : (data as Record<string, unknown>)[key];
  if (value === undefined || value === null) return { stages: null, problems: [] };
  if (!Array.isArray(value)) return { stages: null, problems: [`${GTO_CONFIG_FILE}: "stages" is not a list`] };
  const problems: string[] = [];
  const stages: string[] = [];
  for (const item of value) {
    const name = String(item);
    const problem = stageNameProblem(name);
    if (problem) problems.push(`${GTO_CONFIG_FILE}: ${problem}`);
    else if (!stages.includes(name)) stages.push(name);
  }
  return { stages, problems };
}

/**
 * The stages a version may be assigned to: `override` (the extension's setting) when given and
 * not empty, else `.gto`'s list, else dev, staging and prod.
 */
export function allowedStages(root: string, override?: readonly string[]): string[] {
  if (override && override.length > 0) return [...override];
  return readGtoStages(root).stages ?? [...DEFAULT_STAGES];
}
