import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetInput } from '../../core/types';
import type { IngestContext } from '../types';
import type { Meta } from '../../core/mlflowMeta';
import { readMeta } from './meta';
import { listFolder } from './sourceFiles';

/** MLflow's dataset ids are hex digests; anything else could climb out of the store as a path. */
const DATASET_ID = /^[A-Za-z0-9_-]+$/;

/**
 * The datasets a run read (MLflow 2.4+): `<run>/inputs/<id>/meta.yaml` links the run to
 * `<experiment>/datasets/<dataset id>/meta.yaml`, which names the dataset and its source.
 */
export function runInputs(ctx: IngestContext, runDir: string, experimentDir: string): DatasetInput[] {
  const inputsDir = path.join(runDir, 'inputs');
  if (!fs.existsSync(inputsDir)) return [];
  const inputs: DatasetInput[] = [];
  for (const dir of listFolder(ctx, inputsDir).dirs) {
    const link = readMeta(ctx, path.join(dir, 'meta.yaml'));
    const datasetId = link?.text('source_id');
    if (link?.text('source_type') !== 'DATASET' || !datasetId) continue;
    if (!DATASET_ID.test(datasetId)) {
      ctx.diagnostics.warning(path.join(dir, 'meta.yaml'), `dataset id "${datasetId}" is not an MLflow id; input skipped`);
      continue;
    }
    const dataset = readMeta(ctx, path.join(experimentDir, 'datasets', datasetId, 'meta.yaml'));
    if (dataset) inputs.push({ path: datasetLocation(dataset, datasetId), sha256: null });
  }
  return inputs;
}

/**
 * The dataset's URI when its source names one (a file, a URL, a table); otherwise its name and
 * MLflow digest, which tell two versions of a dataset apart. The digest is not a SHA-256 of the
 * content, so it does not go in `sha256`.
 */
function datasetLocation(dataset: Meta, datasetId: string): string {
  const source = parseJsonObject(dataset.text('source'));
  for (const field of ['uri', 'url', 'path', 'table_name']) {
    const value = source?.[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  const name = dataset.text('name') ?? datasetId;
  const digest = dataset.text('digest');
  return digest ? `${name}@${digest}` : name;
}

function parseJsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
