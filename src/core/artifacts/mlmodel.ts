import { isMap, parseDocument } from 'yaml';
import { isRecord } from '../../common/records';
import { errorMessage } from '../errors';

/** One column, tensor or parameter of an MLflow model signature, as the run panel shows it. */
export interface SignatureField {
  /** Null for an unnamed column or tensor (a model with one output). */
  name: string | null;
  /** `double`, `string`, `tensor float64 [-1, 4]`… */
  type: string;
  /** False when the signature says the column may be missing; absent when it does not say. */
  required?: boolean;
}

/** What an `MLmodel` file says about its model: how to load it and what it takes and gives. */
export interface MlmodelSummary {
  /** Each flavour (`python_function`, `sklearn`…) with its settings, as `key: value` text. */
  flavors: { name: string; details: [string, string][] }[];
  /** Null when the model was saved without a signature. */
  signature: { inputs: SignatureField[]; outputs: SignatureField[]; params: SignatureField[] } | null;
  /** Run id, model uuid, MLflow version, creation time, size… in the file's order. */
  facts: [string, string][];
  /** Parts of the file that could not be read (a signature that is not JSON…). */
  problems: string[];
}

const FACTS = ['run_id', 'model_uuid', 'artifact_path', 'mlflow_version', 'utc_time_created', 'model_size_bytes', 'databricks_runtime'];

/** Reads an MLmodel file's YAML. A string says why it is not one. */
export function parseMlmodel(text: string): MlmodelSummary | string {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return `not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`;
  const root = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!isMap(doc.contents) || !isRecord(root)) return 'not a YAML mapping';
  if (!isRecord(root.flavors)) return 'has no `flavors` mapping: not an MLflow MLmodel file';
  const problems: string[] = [];
  const flavors = Object.entries(root.flavors).map(([name, details]) => ({ name, details: isRecord(details) ? flatDetails(details) : [] }));
  const facts = FACTS.filter((key) => root[key] !== undefined && root[key] !== null).map((key): [string, string] => [key, valueText(root[key])]);
  return { flavors, signature: signatureOf(root.signature, problems), facts, problems };
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function signatureOf(value: unknown, problems: string[]): MlmodelSummary['signature'] {
  if (!isRecord(value)) return null;
  const part = (key: 'inputs' | 'outputs' | 'params'): SignatureField[] => {
    const raw = value[key];
    if (raw === null || raw === undefined) return [];
    let specs: unknown;
    try {
      specs = typeof raw === 'string' ? JSON.parse(raw) : raw;
    } catch (error) {
      problems.push(`signature ${key} is not JSON (${errorMessage(error)})`);
      return [];
    }
    if (!Array.isArray(specs)) {
      problems.push(`signature ${key} is not a list`);
      return [];
    }
    return specs.map(fieldOf);
  };
  return { inputs: part('inputs'), outputs: part('outputs'), params: part('params') };
}

function fieldOf(spec: unknown): SignatureField {
  if (!isRecord(spec)) return { name: null, type: JSON.stringify(spec) };
  const name = typeof spec.name === 'string' ? spec.name : null;
  const tensor = spec['tensor-spec'];
  let type = typeof spec.type === 'string' ? spec.type : JSON.stringify(spec.type ?? null);
  if (isRecord(tensor)) type = `tensor ${String(tensor.dtype)} ${JSON.stringify(tensor.shape ?? [])}`;
  else if (spec.shape !== undefined && spec.shape !== null) type = `${type} ${JSON.stringify(spec.shape)}`;
  if (spec.default !== undefined) type = `${type} = ${JSON.stringify(spec.default)}`;
  return typeof spec.required === 'boolean' ? { name, type, required: spec.required } : { name, type };
}

/** A flavour's settings one level deep: nested mappings as `env.conda: conda.yaml`. */
function flatDetails(details: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(details).flatMap(([key, value]): [string, string][] =>
    isRecord(value) ? flatDetails(value, `${prefix}${key}.`) : [[`${prefix}${key}`, valueText(value)]],
  );
}

