import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDvcliveFolder } from './dvclive';
import { isMlflowStore } from './mlflow/layout';
import { isMlflowDb } from './mlflowDb';
import { isRunLogFolder } from './runlog/importRunLog';
import type { SourceKind } from './types';

const READS: Record<SourceKind, string> = {
  mlflow: 'an MLflow file store folder (mlruns/)',
  'mlflow-db': 'an MLflow SQLite database file (mlflow.db)',
  dvclive: 'a DVCLive output folder (dvclive/)',
  runlog: 'a Model Ledger run log folder (.modelledger/runs) or one of its .jsonl files',
};

/**
 * Why `target` cannot be read as a source of `kind`; null when it can. Looser than detection,
 * since a named kind may be a source detection misses (an MLflow store whose meta.yaml files are
 * broken, a DVCLive run that has logged only its params, run log files in another folder), but
 * never one of another shape: a folder as a database, or a folder with no file of that kind.
 */
export function kindMismatch(kind: SourceKind, target: string, isFolder: boolean): string | null {
  const expected = `--kind ${kind} reads ${READS[kind]}`;
  if (kind === 'mlflow-db') {
    if (isFolder) return `${target} is a folder; ${expected}.`;
    return isMlflowDb(target) ? null : `${target} is not an MLflow database (a SQLite file with MLflow's experiments and runs tables); ${expected}.`;
  }
  if (kind === 'runlog' && !isFolder) return target.endsWith('.jsonl') ? null : `${target} is not a .jsonl file; ${expected}.`;
  if (!isFolder) return `${target} is a file; ${expected}.`;
  switch (kind) {
    case 'mlflow':
      return isMlflowStore(target) || hasChild(target, (child) => isFile(path.join(child, 'meta.yaml')))
        ? null
        : `${target} holds no MLflow experiment (a folder with a meta.yaml); ${expected}.`;
    case 'dvclive':
      return isDvcliveFolder(target) || isFile(path.join(target, 'params.yaml'))
        ? null
        : `${target} holds none of DVCLive's files (metrics.json, params.yaml, plots/metrics/); ${expected}.`;
    case 'runlog':
      return isRunLogFolder(target) || hasChild(target, (child) => child.endsWith('.jsonl') && isFile(child))
        ? null
        : `${target} holds no .jsonl run log file; ${expected}.`;
  }
}

function hasChild(dir: string, test: (child: string) => boolean): boolean {
  return fs.readdirSync(dir).some((name) => test(path.join(dir, name)));
}

function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}
