import { parseLinkedVersion, type LinkedVersion } from '../../core/lineage/linkedVersion';
import { RUN_LOG_VERSION, type EndStatus, type RunLogEvent } from './events';
import {
  gitField,
  isFields,
  metricValues,
  optionalInteger,
  optionalSha256,
  optionalString,
  own,
  requireInteger,
  requireString,
  ShapeError,
  textValues,
  type Fields,
} from './fields';

export type ParsedLine =
  | { kind: 'event'; event: RunLogEvent }
  /** A type this reader does not know: written by a newer writer, skipped (forward compatibility). */
  | { kind: 'unknown-type'; type: string }
  /** A start line of a newer format version, which this reader must not guess at. */
  | { kind: 'newer-version'; version: number }
  | { kind: 'invalid'; message: string };

const END_STATUSES: readonly EndStatus[] = ['finished', 'failed', 'killed'];

const READERS: Record<RunLogEvent['type'], (fields: Fields, t: number) => RunLogEvent> = {
  start: (f, t) => ({
    type: 'start',
    t,
    runId: requireString(f, 'run_id'),
    experiment: requireString(f, 'experiment'),
    name: optionalString(f, 'name'),
    git: gitField(f),
    command: optionalString(f, 'command'),
    startTime: requireInteger(f, 'start_time', 0),
    pid: optionalInteger(f, 'pid', 1),
    host: optionalString(f, 'host'),
    evaluates: linkedVersionField(f, 'evaluates'),
    retrains: linkedVersionField(f, 'retrains'),
  }),
  params: (f, t) => ({ type: 'params', t, values: textValues(f) }),
  tags: (f, t) => ({ type: 'tags', t, values: textValues(f) }),
  metrics: (f, t) => ({ type: 'metrics', t, step: requireInteger(f, 'step'), values: metricValues(f) }),
  artifact: (f, t) => ({
    type: 'artifact',
    t,
    artifact: { path: requireString(f, 'path'), sha256: optionalSha256(f), size: optionalInteger(f, 'size', 0) },
  }),
  input: (f, t) => ({ type: 'input', t, input: { path: requireString(f, 'path'), sha256: optionalSha256(f) } }),
  end: (f, t) => ({ type: 'end', t, status: endStatus(f) }),
};

/** `evaluates` or `retrains`: the model version a run is linked to, or null. */
function linkedVersionField(f: Fields, key: 'evaluates' | 'retrains'): LinkedVersion | null {
  const text = optionalString(f, key);
  if (text === null) return null;
  const ref = parseLinkedVersion(text);
  if (ref === null) throw new ShapeError(`"${key}" must name a model version as model@version, e.g. "churn@v3.1.0", or be null`);
  return ref;
}

/** Parses and validates one run log line (docs/run-log-format.md). Never throws on bad input. */
export function parseLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return invalid(text.trim() === '' ? 'an empty line' : `not valid JSON (${(error as Error).message})`);
  }
  if (!isFields(value)) return invalid('not a JSON object');
  const type = own(value, 'type');
  if (typeof type !== 'string') return invalid('no "type" string');
  if (!Object.hasOwn(READERS, type)) return { kind: 'unknown-type', type };
  try {
    if (type === 'start') {
      const version = requireInteger(value, 'v', 1);
      if (version > RUN_LOG_VERSION) return { kind: 'newer-version', version };
    }
    const t = requireInteger(value, 't', 0);
    return { kind: 'event', event: READERS[type as RunLogEvent['type']](value, t) };
  } catch (error) {
    if (error instanceof ShapeError) return invalid(`"${type}" line: ${error.message}`);
    throw error;
  }
}

function endStatus(fields: Fields): EndStatus {
  const status = own(fields, 'status');
  if (typeof status !== 'string' || !(END_STATUSES as readonly string[]).includes(status)) {
    throw new ShapeError(`"status" must be one of ${END_STATUSES.join(', ')}`);
  }
  return status as EndStatus;
}

function invalid(message: string): ParsedLine {
  return { kind: 'invalid', message };
}
