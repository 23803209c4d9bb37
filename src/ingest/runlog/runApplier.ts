import type { DatasetInput, MetricPoint, Run } from '../../core/types';
import type { Store } from '../../store/store';
import { importedExperimentId } from '../runRecord';
import type { EndStatus, RunLogEvent, StartEvent } from './events';

/** Metric points held before they are written: bounds memory on the first read of a long run. */
const POINTS_PER_BATCH = 10_000;

/** Where a run log lives, relative to the workspace: its folder and its file. */
export interface RunLogLocation {
  folder: string;
  file: string;
}

/**
 * Applies a run log's events to its run in the store, adding to what the store already holds
 * (params and tags set key by key, metric points appended), so that each import applies only the
 * lines appended since the last one. Call inside a store write.
 */
export class RunApplier {
  private points: MetricPoint[] = [];
  private runChanged = false;

  private constructor(
    private readonly store: Store,
    private current: Run,
  ) {}

  /** Continues a run imported from the earlier lines of its file. */
  static resume(store: Store, run: Run): RunApplier {
    return new RunApplier(store, run);
  }

  /** Creates the run (or recreates it, when its file is read again) from its start line. */
  static start(store: Store, event: StartEvent, location: RunLogLocation): RunApplier {
    const experimentId = store.experiments.upsert({
      id: importedExperimentId('native', location.folder, event.experiment),
      name: event.experiment,
      origin: { source: 'native', id: event.experiment, path: location.folder },
    });
    const run: Run = {
      id: event.runId,
      experimentId,
      name: event.name ?? event.runId,
      status: 'running',
      deleted: false,
      startTime: event.startTime,
      endTime: null,
      git: event.git,
      command: event.command,
      parentRunId: null,
      origin: { source: 'native', id: event.runId, path: location.file },
    };
    store.runs.upsert(run); // now, not in finish(): the params, tags and points refer to it
    store.lineage.setEvaluates(run.id, event.evaluates);
    store.retrains.set(run.id, event.retrains);
    return new RunApplier(store, run);
  }

  get run(): Run {
    return this.current;
  }

  /** Whether the run takes no more lines: it has an end line, or its writer was found dead. */
  get ended(): boolean {
    return this.current.status !== 'running';
  }

  apply(event: Exclude<RunLogEvent, StartEvent>): void {
    const runId = this.current.id;
    switch (event.type) {
      case 'params':
        this.store.runs.setParams(runId, event.values);
        break;
      case 'tags':
        this.store.runs.setTags(runId, event.values);
        break;
      case 'metrics':
        for (const [key, value] of event.values) this.points.push({ key, step: event.step, timestamp: event.t, value });
        if (this.points.length >= POINTS_PER_BATCH) this.flushPoints();
        break;
      case 'artifact':
        this.store.runs.addArtifact(runId, event.artifact);
        break;
      case 'input':
        this.addInput(event.input);
        break;
      case 'end':
        this.end(event.status, event.t);
        break;
    }
  }

  end(status: EndStatus, endTime: number): void {
    this.current = { ...this.current, status, endTime };
    this.runChanged = true;
  }

  /** Writes what is still held; leaves the store untouched when nothing changed. */
  finish(): void {
    this.flushPoints();
    if (this.runChanged) this.store.runs.upsert(this.current);
    this.runChanged = false;
  }

  private flushPoints(): void {
    if (this.points.length === 0) return;
    this.store.metrics.append(this.current.id, this.points);
    this.points = [];
  }

  /** The store only replaces a run's inputs as a whole; a run has few, so merge by path. */
  private addInput(input: DatasetInput): void {
    const inputs = new Map(this.store.runs.inputs(this.current.id).map((i) => [i.path, i]));
    inputs.set(input.path, input);
    this.store.runs.replaceInputs(this.current.id, [...inputs.values()]);
  }
}

/** Forgets everything a run's file gave it, before the file is read again from its start. */
export function clearRun(store: Store, runId: string): void {
  for (const key of store.metrics.summaries(runId).keys()) store.metrics.deleteSeries(runId, key);
  store.runs.replaceParams(runId, {});
  store.runs.replaceTags(runId, {});
  store.runs.replaceArtifacts(runId, []);
  store.runs.replaceInputs(runId, []);
  store.lineage.setEvaluates(runId, null);
  store.retrains.set(runId, null);
}
